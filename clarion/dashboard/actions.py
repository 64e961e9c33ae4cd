"""The one door for writing the dashboard's stored figures: the periodic roll-up and the backfill.

`acting_user` is None (the task or the backfill command): derived totals, recomputable, so not logged."""

from django.db import transaction
from django.utils import timezone

from clarion.core.writelock import queued_write
from clarion.dashboard.models import HourlyFigure, HourlySource, RollUp
from clarion.dashboard.rollup import HOUR, closed_until, count_hours, floor_hour
from clarion.petitions.models import Signature

# A worker back after a long stop catches up a day of hours per run: on SQLite signers wait while it writes.
MAX_HOURS_PER_RUN = 24
# Figures are written a day of hours at a time, so a long catch-up never holds them all in memory.
CHUNK = 24 * HOUR


def roll_up_figures(*, now=None, max_hours=MAX_HOURS_PER_RUN, acting_user=None):
    """Store the figures of the hours that closed since the last roll-up; returns how many hours it covered."""
    until = closed_until(now or timezone.now())
    with queued_write(), transaction.atomic():
        mark = _locked_mark()
        start = mark.rolled_up_to or _first_hour()
        if start is None:
            # Nothing was ever signed: every later entry is stamped after this.
            mark.rolled_up_to = until
            mark.save(update_fields=["rolled_up_to"])
            return 0
        end = min(until, start + max_hours * HOUR)
        if end <= start:
            return 0
        _store(start, end)
        mark.rolled_up_to = end
        mark.save(update_fields=["rolled_up_to"])
    return int((end - start) / HOUR)


def rebuild_figures(*, since=None, now=None, acting_user=None):
    """Count again every hour from `since` (default: the first signature) and store it; returns the hours.

    Entries deleted since (unconfirmed ones expire) are no longer there to count, so a rebuilt hour may show
    fewer submissions than the roll-up stored at the time.
    """
    with queued_write(), transaction.atomic():
        mark = _locked_mark()
        start = floor_hour(since) if since else _first_hour()
        if mark.rolled_up_to and (start is None or mark.rolled_up_to < start):
            start = mark.rolled_up_to  # never leave unrolled hours behind the mark
        if start is None:
            return roll_up_figures(now=now)
        HourlyFigure.objects.filter(hour__gte=start).delete()
        HourlySource.objects.filter(hour__gte=start).delete()
        mark.rolled_up_to = start
        mark.save(update_fields=["rolled_up_to"])
    hours = 0
    while stored := roll_up_figures(now=now):
        hours += stored
    return hours


def _locked_mark():
    mark, _created = RollUp.objects.select_for_update().get_or_create(pk=1)
    return mark


def _first_hour():
    first = Signature.objects.order_by("created_at").values_list("created_at", flat=True).first()
    return floor_hour(first) if first else None


def _store(start, end):
    while start < end:
        stop = min(start + CHUNK, end)
        hours, sources = count_hours(start, stop)
        HourlyFigure.objects.bulk_create(
            [HourlyFigure(petition_id=petition_id, hour=hour, submitted=submitted, confirmed=confirmed)
             for (petition_id, hour), (submitted, confirmed) in hours.items()], batch_size=1000)
        HourlySource.objects.bulk_create(
            [HourlySource(petition_id=petition_id, hour=hour, source=source[:100], submitted=submitted,
                          confirmed=confirmed)
             for (petition_id, hour, source), (submitted, confirmed) in sources.items()], batch_size=1000)
        start = stop
