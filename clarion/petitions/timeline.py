"""A petition's story in order, for its page and its count document: opened, thresholds reached, closed,
delivered, responded, outcome. Each step appears once it has happened; dates come from the petition's own dates,
the counting rounds and what editors recorded."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from clarion.petitions.models import PetitionState, PetitionSteps, ThresholdReached


@dataclass
class Step:
    kind: str  # opened, threshold, closed, delivered, responded, outcome
    at: datetime | None
    details: dict = field(default_factory=dict)


def recorded_steps(petition):
    return PetitionSteps.objects.select_related("delivery_photo", "response_document").filter(
        petition=petition).first()


def stage(petition, steps, now=None):
    """Where the petition is now: its public state until a step is recorded, then the latest step (the outcome
    itself — won, lost, ongoing — once there is one)."""
    return _stage(petition, steps and steps.outcome, steps and steps.responded_at, steps and steps.delivered_at, now)


def _stage(petition, outcome, responded_at, delivered_at, now):
    if outcome:
        return outcome
    if responded_at:
        return "responded"
    if delivered_at:
        return PetitionState.DELIVERED.value
    return str(petition.public_state(now))


def closed_at(petition, now):
    """When the petition closed by its dates; None while open, or when an editor closed it by hand."""
    if petition.public_state(now) in (PetitionState.OPEN, PetitionState.DRAFT):
        return None
    return petition.closes_at if petition.closes_at and petition.closes_at <= now else None


def timeline(petition, steps, now=None, page=None):
    """The counting `petition`'s story; its threshold messages in the words of `page` (a translation of it)
    where that has one for the same count."""
    now = now or timezone.now()
    state = petition.public_state(now)
    if state == PetitionState.DRAFT:
        return []
    events = [Step("opened", petition.opens_at or petition.first_published_at)]
    messages = {t.count: t.message for t in petition.thresholds.all()}
    if page is not None and page.pk != petition.pk:
        messages |= {t.count: t.message for t in page.thresholds.all() if t.message}
    events += [Step("threshold", reached.reached_at, {"count": reached.count, "message": messages.get(reached.count)})
               for reached in ThresholdReached.objects.filter(petition=petition)]
    if state != PetitionState.OPEN:
        events.append(Step("closed", closed_at(petition, now)))
    if steps and steps.delivered_at:
        events.append(Step("delivered", steps.delivered_at, {
            "method": steps.delivery_method, "recipient": steps.delivery_recipient, "note": steps.delivery_note,
            "photo": steps.delivery_photo}))
    if steps and steps.responded_at:
        events.append(Step("responded", steps.responded_at, {"text": steps.response_text,
                                                             "document": steps.response_document}))
    if steps and steps.outcome:
        events.append(Step("outcome", steps.outcome_at, {"outcome": steps.outcome,
                                                         "label": steps.get_outcome_display()}))
    return events


def _iso(value):
    return value.isoformat() if value else None


def steps_cache_key(petition_id):
    return f"petitions:{petition_id}:steps"


def _recorded_dates(petition):
    """The stored part of the count document's steps, kept in the cache like the counts: the document is read
    far more often than a step is recorded (recording a step or reaching a threshold deletes the copy)."""
    key = steps_cache_key(petition.pk)
    dates = cache.get(key)
    if dates is None:
        steps = recorded_steps(petition)
        dates = {
            "thresholds_reached": [{"count": r.count, "reached_at": r.reached_at.isoformat()}
                                   for r in ThresholdReached.objects.filter(petition=petition)],
            "delivered_at": _iso(steps and steps.delivered_at),
            "responded_at": _iso(steps and steps.responded_at),
            "outcome": (steps and steps.outcome) or None,
            "outcome_at": _iso(steps and steps.outcome_at),
        }
        cache.set(key, dates, settings.CLARION_COUNT_INTERVAL)
    return dates


def count_document_steps(petition, now=None):
    """The count document's lifecycle fields (added beside its older ones, which stay as they were)."""
    now = now or timezone.now()
    dates = _recorded_dates(petition)
    return {"stage": _stage(petition, dates["outcome"], dates["responded_at"], dates["delivered_at"], now),
            "closed_at": _iso(closed_at(petition, now)), **dates}
