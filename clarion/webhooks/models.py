"""Webhook endpoints an admin configures, the events Clarion announces, and one delivery per endpoint and event."""

import base64
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    SIGNATURE_CONFIRMED = "signature.confirmed", _("A signature was confirmed")
    THRESHOLD_REACHED = "petition.threshold_reached", _("A petition reached a threshold")
    PETITION_CLOSED = "petition.closed", _("A petition closed")
    PETITION_DELIVERED = "petition.delivered", _("A petition was delivered")
    SUPPORTER_SUBSCRIBED = "supporter.subscribed", _("A supporter subscribed")
    SUPPORTER_UNSUBSCRIBED = "supporter.unsubscribed", _("A supporter unsubscribed")
    SUPPORTER_ERASED = "supporter.erased", _("A supporter was erased")
    TEST = "webhook.test", _("Test event (the \"Send test event\" button)")


def new_secret():
    """A Standard Webhooks secret: "whsec_" and 32 random bytes in base64, as receivers' libraries expect."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class Endpoint(models.Model):
    name = models.CharField(_("name"), max_length=80)
    url = models.URLField(_("URL"), max_length=500,
                          help_text=_("Where events are POSTed, e.g. https://crm.example.org/hooks/clarion"))
    events = models.JSONField(_("events"), default=list, help_text=_("The event types sent to this endpoint."))
    secret = models.CharField(_("signing secret"), max_length=80, default=new_secret, editable=False)
    may_receive_personal = models.BooleanField(
        _("may receive personal data"), default=False,
        help_text=_("Send signers' names, e-mail addresses and countries. Only for a system you control "
                    "(your own CRM) with its own privacy terms."))
    enabled = models.BooleanField(_("enabled"), default=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=300, blank=True)
    # Failures in a row since the last success, and since when: an endpoint down for hours is disabled.
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    failures = models.PositiveIntegerField(default=0, editable=False)
    # After a failure the whole endpoint waits (backing off), not just the one delivery: a dead receiver costs
    # one timeout per back-off step, not one per waiting delivery.
    paused_until = models.DateTimeField(null=True, blank=True, editable=False)
    # One worker at a time delivers to an endpoint, while it renews this (clarion.core.lease).
    leased_until = models.DateTimeField(null=True, blank=True, editable=False)
    lease_token = models.CharField(max_length=32, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        ordering = ["name", "pk"]
        permissions = [("manage_webhooks", _("Can manage webhooks"))]

    def __str__(self):
        return self.name


class Event(models.Model):
    """Something that happened, as announced. `personal` holds the fields only trusted endpoints receive; it is
    emptied when the supporter it names is erased. `once` makes an announcement happen only once."""

    type = models.CharField(max_length=40, choices=EventType.choices)
    payload = models.JSONField(default=dict)
    personal = models.JSONField(default=dict, blank=True)
    supporter_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    once = models.CharField(max_length=80, unique=True, null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.type} #{self.pk}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Given up")
    DROPPED = "dropped", _("Dropped")


class Delivery(models.Model):
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    # The webhook-id header: the same on every attempt, so a receiver can drop duplicates.
    message_id = models.CharField(max_length=40, unique=True)
    extra = models.JSONField(default=dict, blank=True)  # fields for this endpoint only (an erasure's keyed hash)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_response_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["endpoint", "next_attempt_at"], name="webhook_due",
                                condition=models.Q(status="pending"))]
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"{self.event} → {self.endpoint}"
