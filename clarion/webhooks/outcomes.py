"""What a delivery's answer does: delivered, retried after a back-off, given up after a day, or (410 Gone, or an
endpoint failing for hours) the endpoint disabled, with a mail to the admins who manage webhooks."""

import random
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from clarion.config import setting
from clarion.mail.actions import queue_templated_mail
from clarion.webhooks.models import Delivery, DeliveryStatus, Endpoint

FIRST_RETRY = 5  # seconds
LONGEST_WAIT = 12 * 3600
GIVE_UP_AFTER = timedelta(hours=24)
GONE = 410


def backoff(attempts):
    """Seconds before the next try after `attempts` failures: 5 s, 10 s, 20 s … at most 12 h, ±20 % so that
    many deliveries failing together do not all come back at once."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT) * random.uniform(0.8, 1.2)


def record(endpoint, outcomes, now=None):
    """Store a batch's outcomes (in the worker, after the batch): one UPDATE per answer code for successes."""
    now = now or timezone.now()
    delivered = [o for o in outcomes if o.ok]
    with transaction.atomic():
        for code in {o.code for o in delivered}:
            Delivery.objects.filter(pk__in=[o.delivery_id for o in delivered if o.code == code],
                                    status=DeliveryStatus.PENDING).update(
                status=DeliveryStatus.DELIVERED, attempts=F("attempts") + 1, last_attempt_at=now,
                last_response_code=code, last_error="", next_attempt_at=None)
        failed = next((o for o in outcomes if not o.ok), None)
        if failed is None:
            if delivered and (endpoint.failures or endpoint.paused_until):
                Endpoint.objects.filter(pk=endpoint.pk).update(failures=0, failing_since=None, paused_until=None)
            return
        _record_failure(endpoint, failed, now)


def _record_failure(endpoint, outcome, now):
    delivery = Delivery.objects.select_related("event").filter(pk=outcome.delivery_id).first()
    if delivery is None:  # dropped meanwhile (its supporter was erased)
        return
    attempts = delivery.attempts + 1
    given_up = now - delivery.event.created >= GIVE_UP_AFTER or outcome.code == GONE
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
        attempts=attempts, last_attempt_at=now, last_response_code=outcome.code, last_error=outcome.error[:300],
        status=DeliveryStatus.FAILED if given_up else DeliveryStatus.PENDING,
        next_attempt_at=None if given_up else now + timedelta(seconds=backoff(attempts)))
    failures = endpoint.failures + 1
    since = endpoint.failing_since or now
    Endpoint.objects.filter(pk=endpoint.pk).update(
        failures=failures, failing_since=since, paused_until=now + timedelta(seconds=backoff(failures)))
    if outcome.code == GONE:
        disable(endpoint, "The receiver answered 410 Gone.")
    elif failures >= setting("CLARION_WEBHOOKS_DISABLE_FAILURES") and \
            now - since >= timedelta(hours=float(setting("CLARION_WEBHOOKS_DISABLE_HOURS"))):
        disable(endpoint, f"Failed {failures} times in a row since {since:%Y-%m-%d %H:%M} UTC: {outcome.error}")


def disable(endpoint, reason):
    """Stop sending to the endpoint (its deliveries wait; re-enabling sends them) and tell the admins once."""
    if not Endpoint.objects.filter(pk=endpoint.pk, enabled=True).update(enabled=False, disabled_reason=reason[:300]):
        return
    url = settings.CLARION_BASE_URL + reverse("webhooks_admin:endpoint", args=[endpoint.pk])
    for address, language in admin_addresses():
        queue_templated_mail(address, "webhooks/disabled", {"endpoint": endpoint, "reason": reason, "url": url,
                                                             "mail_language": language})


def admin_addresses():
    """(address, language of their admin screens) of everyone active who may manage webhooks (superusers
    included) and has an address; an address two accounts share is mailed once."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="").filter(
        Q(is_superuser=True) | Q(user_permissions__codename="manage_webhooks")
        | Q(groups__permissions__codename="manage_webhooks")).order_by("email", "pk")
    chosen = {}  # a user the joins find twice, or a second account with the same address, is mailed once
    for user in users.select_related("wagtail_userprofile"):
        chosen.setdefault(user.email, _admin_language(user))
    return sorted(chosen.items())


def _admin_language(user):
    profile = getattr(user, "wagtail_userprofile", None)
    return (profile.preferred_language if profile else "") or settings.LANGUAGE_CODE
