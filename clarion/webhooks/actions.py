"""The one door for changing webhook endpoints: each action takes the acting admin (or, through the API, the
acting key, with acting_user None) and writes the audit log."""

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
# clarion.api.models.Scope's values, spelt out: the API sits above this app, which may not import it.
KEY_MANAGES, KEY_READS_PERSONAL = "webhooks:manage", "personal_data:read"


def _allowed(acting_user, acting_key=None):
    if acting_key is not None:
        if not (acting_key.is_usable() and acting_key.allows(KEY_MANAGES)):
            raise PermissionDenied(f"Managing webhooks needs a key with the {KEY_MANAGES} scope.")
        return
    if acting_user is None or not acting_user.has_perm(MANAGE):
        raise PermissionDenied("Managing webhooks needs the manage_webhooks permission.")


def _may_aim_personal(acting_key, personal):
    """A key that may not read personal data may not send it anywhere either: neither by making an endpoint that
    receives it nor by changing one (its URL) that does. Otherwise a webhooks-only key reads signers' addresses."""
    if acting_key is not None and personal and not acting_key.allows(KEY_READS_PERSONAL):
        raise PermissionDenied(f"Only a key with the {KEY_READS_PERSONAL} scope may set up or change an endpoint "
                               "that receives personal data.")


def _check(url, events):
    try:
        check_url(url)
    except UnsafeTarget as refusal:
        raise ValidationError({"url": str(refusal)}) from refusal
    unknown = set(events) - set(EventType.values)
    if unknown or not events:
        raise ValidationError({"events": "Choose one or more of the listed events."})


def _log(endpoint, action, acting_user, acting_key=None, **data):
    # Never the URL or the secret: a receiver's URL may carry its own access token.
    if acting_key is not None:  # no user did it: the entry says which key (never the key itself)
        data["api_key"] = {"id": acting_key.pk, "name": acting_key.name, "prefix": acting_key.prefix}
    log(instance=endpoint, action=action, user=acting_user, data=data)


@transaction.atomic
def add_endpoint(*, name, url, events, may_receive_personal=False, acting_user, acting_key=None):
    _allowed(acting_user, acting_key)
    _may_aim_personal(acting_key, may_receive_personal)
    _check(url, events)
    endpoint = Endpoint.objects.create(name=name, url=url, events=list(events),
                                       may_receive_personal=may_receive_personal, created_by=acting_user)
    _log(endpoint, ADDED, acting_user, acting_key, events=list(events), may_receive_personal=may_receive_personal)
    return endpoint


@transaction.atomic
def edit_endpoint(endpoint, *, name, url, events, may_receive_personal, acting_user, acting_key=None):
    _allowed(acting_user, acting_key)
    _may_aim_personal(acting_key, endpoint.may_receive_personal or may_receive_personal)
    _check(url, events)
    endpoint.name, endpoint.url, endpoint.events = name, url, list(events)
    endpoint.may_receive_personal = may_receive_personal
    endpoint.save(update_fields=["name", "url", "events", "may_receive_personal"])
    _log(endpoint, EDITED, acting_user, acting_key, events=list(events), may_receive_personal=may_receive_personal)
    return endpoint


@transaction.atomic
def delete_endpoint(endpoint, *, acting_user, acting_key=None):
    _allowed(acting_user, acting_key)
    _log(endpoint, DELETED, acting_user, acting_key)
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
def send_test_event(endpoint, *, acting_user, acting_key=None):
    """A webhook.test event to this endpoint alone, delivered like any other (see the delivery log)."""
    _allowed(acting_user, acting_key)
    event = record(EventType.TEST, {"message": "A test event from Clarion's admin.", "endpoint": endpoint.name},
                   endpoints=[endpoint])
    _log(endpoint, TESTED, acting_user, acting_key)
    return event
