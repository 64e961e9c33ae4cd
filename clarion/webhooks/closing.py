"""A petition closes by its dates (or an editor's hand) without any write happening: a periodic check announces
each close once. Only closes of the last week are announced, so turning webhooks on does not replay history."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from clarion.petitions.models import PetitionPage, PetitionState
from clarion.webhooks.models import Event, EventType
from clarion.webhooks.record import record

RECENT = timedelta(days=7)


def announce_closed(now=None):
    """Record petition.closed for each petition closed lately and not announced yet; returns how many."""
    now = now or timezone.now()
    by_date = Q(closes_at__lte=now, closes_at__gt=now - RECENT, state__in=[PetitionState.OPEN, PetitionState.DRAFT])
    by_hand = Q(state=PetitionState.CLOSED, last_published_at__gt=now - RECENT)
    announced = Event.objects.filter(type=EventType.PETITION_CLOSED).values_list("once", flat=True)
    closed = PetitionPage.objects.live().filter(by_date | by_hand).only("pk", "title", "closes_at", "state")
    done = set(announced)
    count = 0
    for petition in closed:
        key = f"petition.closed:{petition.pk}"
        if key in done:
            continue
        closed_at = petition.closes_at if petition.closes_at and petition.closes_at <= now else now
        count += record(EventType.PETITION_CLOSED, {"petition": {"id": petition.pk, "title": petition.title},
                                                    "closed_at": closed_at.isoformat()}, once=key) is not None
    return count
