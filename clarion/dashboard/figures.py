"""What the morning screen shows for each open petition, from stored hourly figures plus the hours since.

Per screen: the roll-up mark, the stored hours, the stored sources, the live hours since the mark (two
indexed ranges), today's and the last hour's confirmations and the held signatures: a fixed number of
queries whatever the number of signatures, plus the public count from its cache.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import cached_property

from clarion.dashboard.chart import bar_chart
from clarion.dashboard.models import HourlyFigure, HourlySource, RollUp
from clarion.dashboard.rollup import HOUR, count_hours, floor_hour
from clarion.petitions.counting import read_counts
from clarion.petitions.models import PetitionPage, PetitionState, Signature, SignatureState
from clarion.petitions.review import held_counts

HOURS_SHOWN = 48
DAYS_SHOWN_AT_LEAST = 14
TOP_SOURCES = 5


@dataclass
class PetitionFigures:
    petition: PetitionPage
    count: int
    goal: int
    today: int = 0
    last_hour: int = 0
    held: int = 0
    hours: dict = field(default_factory=dict)  # {hour (UTC): [submitted, confirmed]}, the last HOURS_SHOWN
    days: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # {local date: [submitted, confirmed]}
    sources: list = field(default_factory=list)  # [(source, submitted, confirmed)], most confirmed first
    now: object = None

    @cached_property
    def submitted(self):
        return sum(submitted for submitted, _confirmed in self.days.values())

    @cached_property
    def confirmed(self):
        return sum(confirmed for _submitted, confirmed in self.days.values())

    def add_hour(self, hour, submitted, confirmed):
        if hour >= floor_hour(self.now) - (HOURS_SHOWN - 1) * HOUR:
            self.hours[hour] = [submitted, confirmed]
        day = self.days[timezone.localdate(hour)]
        day[0], day[1] = day[0] + submitted, day[1] + confirmed

    @property
    def confirmation_rate(self):
        """Confirmations over submissions since launch, in per cent; None before anyone signed."""
        return round(100 * self.confirmed / self.submitted) if self.submitted else None

    @property
    def progress_percent(self):
        return min(100, round(100 * self.count / self.goal)) if self.goal else 100

    def hourly_chart(self):
        last = floor_hour(self.now)
        moments = [last - (HOURS_SHOWN - 1 - i) * HOUR for i in range(HOURS_SHOWN)]
        return bar_chart([(moment, *self.hours.get(moment, (0, 0))) for moment in moments])

    def daily_chart(self):
        days = self.days
        today = timezone.localdate(self.now)
        first = min([*days, self._launch_day() or today, today])
        span = (today - first).days + 1
        return bar_chart([(first + timedelta(days=i), *days.get(first + timedelta(days=i), (0, 0)))
                          for i in range(span)], minimum_slots=DAYS_SHOWN_AT_LEAST)

    def _launch_day(self):
        launched = self.petition.opens_at or self.petition.first_published_at
        return timezone.localdate(launched) if launched else None


def open_petitions(now):
    # Not those closed by their dates: nothing writes them closed, and years of them would all be loaded here.
    petitions = PetitionPage.originals(PetitionPage.still_open(now).live())  # translations count with them
    return [p for p in petitions.order_by("-first_published_at", "title") if p.public_state(now) == PetitionState.OPEN]


def morning_figures(now=None):
    """[PetitionFigures] for every open petition, newest first."""
    now = now or timezone.now()
    petitions = open_petitions(now)
    ids = [petition.pk for petition in petitions]
    if not ids:
        return []
    figures = {}
    for petition in petitions:
        total = read_counts(petition.pk)["total"]
        figures[petition.pk] = PetitionFigures(petition, total, petition.effective_goal(total), now=now)
    _add_hours(figures, ids, now)
    _add_recent(figures, ids, now)
    for petition_id, n in held_counts(ids).items():
        figures[petition_id].held = n
    return [figures[pk] for pk in ids]


def _add_hours(figures, ids, now):
    """Stored days and the last hours, then the hours since the last roll-up counted live."""
    mark = RollUp.objects.values_list("rolled_up_to", flat=True).first()
    # Never rolled up (a fresh install before its first round): the chart's own hours, counted live.
    live_from = mark or floor_hour(now) - (HOURS_SHOWN - 1) * HOUR
    stored = HourlyFigure.objects.filter(petition_id__in=ids, hour__lt=live_from)
    # Days summed by the database: a petition's whole history comes back as one row a day.
    for petition_id, day, submitted, confirmed in (
            stored.annotate(day=TruncDate("hour")).values_list("petition_id", "day")
            .annotate(s=Sum("submitted"), c=Sum("confirmed")).order_by()):
        figures[petition_id].days[day] = [submitted, confirmed]
    for petition_id, hour, submitted, confirmed in stored.filter(
            hour__gte=floor_hour(now) - (HOURS_SHOWN - 1) * HOUR).values_list(
            "petition_id", "hour", "submitted", "confirmed"):
        figures[petition_id].hours[hour] = [submitted, confirmed]
    live_hours, live_sources = count_hours(live_from, now, ids)
    for (petition_id, hour), (submitted, confirmed) in live_hours.items():
        if petition_id in figures:
            figures[petition_id].add_hour(hour, submitted, confirmed)
    _add_sources(figures, ids, live_from, live_sources)


def _add_sources(figures, ids, live_from, live_sources):
    sources = defaultdict(lambda: [0, 0])
    for petition_id, source, submitted, confirmed in (
            HourlySource.objects.filter(petition_id__in=ids, hour__lt=live_from).values_list("petition_id", "source")
            .annotate(s=Sum("submitted"), c=Sum("confirmed")).order_by()):
        sources[petition_id, source] = [submitted, confirmed]
    for (petition_id, _hour, source), (submitted, confirmed) in live_sources.items():
        if petition_id in figures:
            sources[petition_id, source][0] += submitted
            sources[petition_id, source][1] += confirmed
    for (petition_id, source), (submitted, confirmed) in sources.items():
        figures[petition_id].sources.append((source, submitted, confirmed))
    for petition in figures.values():
        petition.sources = sorted(petition.sources, key=lambda row: (-row[2], -row[1], row[0]))[:TOP_SOURCES]


def _add_recent(figures, ids, now):
    """Confirmations since local midnight and in the last 60 minutes, as they stand now, from the index alone."""
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    hour_ago = now - HOUR
    rows = (Signature.objects.filter(petition_id__in=ids, state=SignatureState.VALIDATED,
                                     confirmed_at__gte=min(midnight, hour_ago), confirmed_at__lte=now)
            .values_list("petition_id")
            .annotate(today=Count("confirmed_at", filter=Q(confirmed_at__gte=midnight)),
                      last_hour=Count("confirmed_at", filter=Q(confirmed_at__gte=hour_ago))).order_by())
    for petition_id, today, last_hour in rows:
        figures[petition_id].today, figures[petition_id].last_hour = today, last_hour
