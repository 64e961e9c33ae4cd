"""Recording an event: one Event row and one Delivery row per endpoint that wants it, in the caller's transaction.

Recording runs inside signing's and erasure's transactions, so it only writes rows and never talks to the
network; the tasks worker delivers them once committed (clarion.webhooks.rounds). With no endpoint wanting an
event, nothing is written at all.
"""

import hashlib
import hmac
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from clarion.webhooks.models import Delivery, Endpoint, Event, EventType
from clarion.webhooks.rounds import wake_delivery
from clarion.webhooks.signing import secret_bytes

# Events whose every field names a person: only endpoints allowed personal data receive them at all.
PERSONAL_ONLY = {EventType.SUPPORTER_SUBSCRIBED, EventType.SUPPORTER_UNSUBSCRIBED, EventType.SUPPORTER_ERASED}


def new_message_id():
    return f"msg_{secrets.token_hex(12)}"


def endpoints_for(event_type):
    """Enabled endpoints subscribed to `event_type` (a small table: filtered here, as SQLite has no JSON contains)."""
    endpoints = [e for e in Endpoint.objects.filter(enabled=True) if event_type in e.events]
    if event_type in PERSONAL_ONLY:
        endpoints = [e for e in endpoints if e.may_receive_personal]
    return endpoints


def record(event_type, payload, *, personal=None, supporter_id=None, once=None, extra=None, endpoints=None):
    """Announce an event to the endpoints that want it; returns the Event, or None when nobody wants it or it
    was announced before (`once`). `extra(endpoint)` adds fields for one endpoint (an erasure's keyed hash)."""
    endpoints = endpoints_for(event_type) if endpoints is None else endpoints
    if not endpoints and once is None:
        return None
    fields = {"type": event_type, "payload": payload, "personal": personal or {}, "supporter_id": supporter_id}
    if once is None:
        event = Event.objects.create(**fields)
    else:
        try:
            with transaction.atomic():  # a savepoint only here, where a second announcement is refused
                event = Event.objects.create(once=once, **fields)
        except IntegrityError:
            return None
    now = timezone.now()
    Delivery.objects.bulk_create([
        Delivery(endpoint=endpoint, event=event, message_id=new_message_id(), next_attempt_at=now,
                 extra=extra(endpoint) if extra else {})
        for endpoint in endpoints
    ])
    if endpoints:
        transaction.on_commit(wake_delivery)
    return event


def record_many(event_type, events, endpoints):
    """Announce many events of one type at once (a counting round's newly counted signatures): `events` is a
    list of (once, payload, personal, supporter_id); those announced before are skipped. Returns how many."""
    keys = [once for once, *_rest in events]
    seen = set(Event.objects.filter(once__in=keys).values_list("once", flat=True))
    new = Event.objects.bulk_create([
        Event(type=event_type, once=once, payload=payload, personal=personal, supporter_id=supporter_id)
        for once, payload, personal, supporter_id in events if once not in seen])
    now = timezone.now()
    Delivery.objects.bulk_create([Delivery(endpoint=endpoint, event=event, message_id=new_message_id(),
                                           next_attempt_at=now) for event in new for endpoint in endpoints])
    if new:
        transaction.on_commit(wake_delivery)
    return len(new)


def address_hmac(endpoint, email):
    """What a supporter.erased event carries instead of the address: an HMAC-SHA256 of the lower-cased address,
    keyed by the endpoint's own secret, so only that endpoint can match it against the addresses it holds."""
    return hmac.new(secret_bytes(endpoint.secret), email.strip().lower().encode(), hashlib.sha256).hexdigest()
