from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One outgoing e-mail, written in the same transaction as the change that caused it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Gave up")

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    to = models.EmailField(_("to"), max_length=254)
    reply_to = models.EmailField(_("reply to"), max_length=254, blank=True)
    # Empty until delivery for a message queued with `template` (clarion.mail.deferred).
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    text_body = models.TextField(_("plain text"))
    html_body = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    # Files read from the data folder when the message is sent: [{"path": relative path, "name", "type"}].
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    template = models.CharField(_("template"), max_length=100, blank=True,
                                help_text=_("Written at delivery from this template, when set."))
    context = models.JSONField(_("context recipe"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # When everything personal (addresses, subject, bodies, headers, recipe) was emptied (clarion.mail.privacy).
    purged_at = models.DateTimeField(_("content removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            # Only rows still holding their content: the daily purge finds its work without reading the rest.
            models.Index(fields=["created_at"], condition=models.Q(purged_at__isnull=True), name="outbox_unpurged"),
        ]

    def __str__(self):
        return f"{self.subject or self.template} → {self.to or '…'}"
