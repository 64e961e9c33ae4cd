"""The lower apps' milestones, turned into events (registered in WebhooksConfig.ready())."""

from django.db.models import Q
from django.utils import timezone

from clarion.petitions.models import PetitionCount, PetitionPage, Signature
from clarion.webhooks.models import Delivery, DeliveryStatus, Event, EventType
from clarion.webhooks.record import address_hmac, endpoints_for, record, record_many


def signatures_counted(petition_id, started, stopped):
    """signature.confirmed for each signature a counting round starts to count: announced from the round, in one
    batch, so signing and confirming pay nothing for webhooks. A signature held for review is announced once an
    editor releases it; one that stops and starts counting again is not announced twice. Every endpoint gets
    the petition and its count; only those allowed personal data get who signed."""
    endpoints = endpoints_for(EventType.SIGNATURE_CONFIRMED)
    if not endpoints or not started:
        return
    title = PetitionPage.objects.filter(pk=petition_id).values_list("title", flat=True).first() or ""
    before = PetitionCount.objects.filter(petition_id=petition_id).values_list("count", flat=True).first() or 0
    count = before + len(started) - len(stopped)
    rows = Signature.objects.filter(pk__in=started).values_list(
        "pk", "name", "email", "country", "opt_in", "confirmed_at", "supporter_id", "anonymised_at")
    events = []
    for pk, name, email, country, opt_in, confirmed_at, supporter_id, anonymised_at in rows:
        personal = {} if anonymised_at else {"signature": {
            "id": pk, "name": name, "email": email, "country": country or "", "opted_in": opt_in,
            "confirmed_at": confirmed_at.isoformat() if confirmed_at else None}}
        events.append((f"signature.confirmed:{pk}", {"petition": {"id": petition_id, "title": title},
                                                     "count": count}, personal, supporter_id))
    record_many(EventType.SIGNATURE_CONFIRMED, events, endpoints)


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
