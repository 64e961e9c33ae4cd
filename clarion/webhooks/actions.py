"""The one door for changing webhook endpoints: each action takes the acting admin and writes the audit log."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from clarion.webhooks.models import Delivery, DeliveryStatus, Endpoint, EventType, new_secret
from clarion.webhooks.record import record
from clarion.webhooks.targets import UnsafeTarget, check_url

MANAGE = "webhooks.manage_webhooks"
ADDED, EDITED, DELETED = "clarion.webhooks.add", "clarion.webhooks.edit", "clarion.webhooks.delete"
ROTATED, TESTED = "clarion.webhooks.rotate_secret", "clarion.webhooks.test"
ENABLED = "clarion.webhooks.enable"
FIELDS = ("name", "url", "events", "may_receive_personal")


def _allowed(acting_user):
    if acting_user is None or not acting_user.has_perm(MANAGE):
        raise PermissionDenied("Managing webhooks needs the manage_webhooks permission.")


def _check(url, events):
    try:
        check_url(url)
    except UnsafeTarget as refusal:
        raise ValidationError({"url": str(refusal)}) from refusal
    unknown = set(events) - set(EventType.values)
    if unknown or not events:
        raise ValidationError({"events": "Choose one or more of the listed events."})


def _log(endpoint, action, acting_user, **data):
    # Never the URL or the secret: a receiver's URL may carry its own access token.
    log(instance=endpoint, action=action, user=acting_user, data=data)


@transaction.atomic
def add_endpoint(*, name, url, events, may_receive_personal=False, acting_user):
    _allowed(acting_user)
    _check(url, events)
    endpoint = Endpoint.objects.create(name=name, url=url, events=list(events),
                                       may_receive_personal=may_receive_personal, created_by=acting_user)
    _log(endpoint, ADDED, acting_user, events=list(events), may_receive_personal=may_receive_personal)
    return endpoint


@transaction.atomic
def edit_endpoint(endpoint, *, name, url, events, may_receive_personal, acting_user):
    _allowed(acting_user)
    _check(url, events)
    endpoint.name, endpoint.url, endpoint.events = name, url, list(events)
    endpoint.may_receive_personal = may_receive_personal
    endpoint.save(update_fields=["name", "url", "events", "may_receive_personal"])
    _log(endpoint, EDITED, acting_user, events=list(events), may_receive_personal=may_receive_personal)
    return endpoint


@transaction.atomic
def delete_endpoint(endpoint, *, acting_user):
    _allowed(acting_user)
    _log(endpoint, DELETED, acting_user)
    endpoint.delete()


@transaction.atomic
def rotate_secret(endpoint, *, acting_user):
    """A new secret at once: deliveries still waiting are signed with it (they are signed when sent)."""
    _allowed(acting_user)
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    _log(endpoint, ROTATED, acting_user)
    return endpoint


@transaction.atomic
def enable_endpoint(endpoint, *, acting_user):
    """Re-enable a disabled endpoint: its waiting deliveries go out again, its failure count starts afresh."""
    _allowed(acting_user)
    Endpoint.objects.filter(pk=endpoint.pk).update(enabled=True, disabled_reason="", failures=0,
                                                   failing_since=None, paused_until=None)
    Delivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).update(next_attempt_at=timezone.now())
    endpoint.refresh_from_db()
    _log(endpoint, ENABLED, acting_user)
    return endpoint


@transaction.atomic
def send_test_event(endpoint, *, acting_user):
    """A webhook.test event to this endpoint alone, delivered like any other (see the delivery log)."""
    _allowed(acting_user)
    event = record(EventType.TEST, {"message": "A test event from Clarion's admin.", "endpoint": endpoint.name},
                   endpoints=[endpoint])
    _log(endpoint, TESTED, acting_user)
    return event
