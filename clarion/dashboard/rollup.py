"""Counting signatures by hour over a time range: the roll-up stores closed hours, the screen reads the rest.

Every query is a range on an indexed timestamp: `created_at` (its own index) for entries received, and
(petition, state, confirmed_at) (the `signature_recent` index) for confirmations; no query reads a whole
petition.
"""

from collections import defaultdict
from datetime import UTC, timedelta

from django.db.models import Count, Value

from clarion.petitions.models import PetitionPage, Signature, SignatureState
from clarion.spread.reports import signature_source

# A signature stamped just before an hour ends may commit a moment after it: an hour is closed this much later.
SETTLE = timedelta(minutes=5)
HOUR = timedelta(hours=1)


def floor_hour(moment):
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def closed_until(now):
    """The end of the last hour whose figures can no longer change."""
    return floor_hour(now - SETTLE)


def received(start, end):
    return Signature.objects.filter(created_at__gte=start, created_at__lt=end)


# Confirmations by their owners, whatever review decides later: a release or a rejection after the hour was
# stored then changes nothing that hour says (the public count is the place review shows).
CONFIRMED_BY_OWNER = (SignatureState.VALIDATED, SignatureState.HELD, SignatureState.REJECTED)


def confirmed(start, end, petition_ids=None):
    if petition_ids is None:
        petition_ids = list(PetitionPage.objects.values_list("pk", flat=True))
    return Signature.objects.filter(
        petition_id__in=petition_ids, state__in=CONFIRMED_BY_OWNER, confirmed_at__gte=start, confirmed_at__lt=end)


def _grouped(rows, sources):
    if sources:
        return rows.annotate(source=signature_source()).values_list("petition_id", "source").annotate(
            n=Count("pk")).order_by()
    return rows.values_list("petition_id").annotate(source=Value(""), n=Count("pk")).order_by()


def count_hours(start, end, petition_ids=None, sources=True):
    """({(petition_id, hour): [submitted, confirmed]}, {(petition_id, hour, source): [submitted, confirmed]})
    for the hours in [start, end); without `sources` the second is empty (and the JSON field is not read).
    `petition_ids` narrows the confirmations (their index starts with the petition); entries come for all.

    One range per hour rather than a truncation per row: SQLite would call Python for every row's hour.
    """
    hours, by_source = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    hour = floor_hour(start)
    while hour < end:
        begin, stop = max(hour, start), min(hour + HOUR, end)
        # Entries of every petition: a petition filter would lead SQLite to its petition index, a whole-petition scan.
        for column, rows in enumerate((received(begin, stop), confirmed(begin, stop, petition_ids))):
            for petition_id, source, n in _grouped(rows, sources):
                hours[petition_id, hour][column] += n
                if sources:
                    by_source[petition_id, hour, source][column] += n
        hour += HOUR
    return dict(hours), dict(by_source)
