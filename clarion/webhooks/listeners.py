"""The lower apps' milestones, turned into events (registered in WebhooksConfig.ready())."""

from django.db.models import Q
from django.utils import timezone

from clarion.petitions.counting import read_counts
from clarion.petitions.models import SignatureState
from clarion.webhooks.models import Delivery, DeliveryStatus, Event, EventType
from clarion.webhooks.record import address_hmac, endpoints_for, record


def signature_confirmed(signature):
    """Every endpoint gets the petition and its count; only those allowed personal data get who signed."""
    endpoints = endpoints_for(EventType.SIGNATURE_CONFIRMED)
    if not endpoints:
        return
    petition = signature.petition
    record(EventType.SIGNATURE_CONFIRMED, {
        "petition": {"id": petition.pk, "title": petition.title},
        "count": read_counts(petition.pk)["total"],
    }, personal={"signature": {
        "id": signature.pk, "name": signature.name, "email": signature.email,
        "country": signature.country.code if signature.country else "", "opted_in": bool(signature.opt_in),
        "held_for_review": signature.state == SignatureState.HELD,
        "confirmed_at": signature.confirmed_at.isoformat() if signature.confirmed_at else None,
    }}, supporter_id=signature.supporter_id, endpoints=endpoints)


def threshold_reached(petition_id, counts, reached_at, total):
    for count in counts:
        record(EventType.THRESHOLD_REACHED, {"petition": {"id": petition_id}, "threshold": count, "count": total,
                                              "reached_at": reached_at.isoformat()})


def delivered(petition, steps):
    record(EventType.PETITION_DELIVERED, {
        "petition": {"id": petition.pk, "title": petition.title},
        "delivered_at": steps.delivered_at.isoformat(), "method": steps.delivery_method,
        "recipient": steps.delivery_recipient,
    })


def subscription_changed(supporter, *, subscribed, channel):
    kind = EventType.SUPPORTER_SUBSCRIBED if subscribed else EventType.SUPPORTER_UNSUBSCRIBED
    record(kind, {"channel": channel}, personal={"supporter": {
        "id": supporter.pk, "email": supporter.email, "name": supporter.name,
        "country": supporter.country.code if supporter.country else ""}}, supporter_id=supporter.pk)


def supporter_erased(supporter):
    """Inside the erasure: what waits to be sent about them is dropped, what was sent is emptied here, and the
    endpoints that hold personal data are told to erase too, by a keyed hash of the address, never the address."""
    events = Event.objects.filter(supporter_id=supporter.pk)
    Delivery.objects.filter(Q(endpoint__may_receive_personal=True) | Q(event__type__in=[
        EventType.SUPPORTER_SUBSCRIBED, EventType.SUPPORTER_UNSUBSCRIBED]), event__in=events,
        status=DeliveryStatus.PENDING).update(status=DeliveryStatus.DROPPED, next_attempt_at=None,
                                              last_error="Dropped: the supporter was erased.")
    events.update(personal={}, supporter_id=None)
    email = supporter.email
    record(EventType.SUPPORTER_ERASED, {"erased_at": timezone.now().isoformat()},
           extra=lambda endpoint: {"email_hmac": address_hmac(endpoint, email)})
