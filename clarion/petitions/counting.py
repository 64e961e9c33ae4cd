"""Counting without hot rows: signatures never touch the petition's total; a periodic round does.

Each signature carries a `counted` flag. A round finds the rows whose flag disagrees with their state
(newly confirmed, or invalidated after being counted), flips the flags and adds the difference to the
totals with one UPDATE per petition and per country. Whatever happens in between, the total always
equals the number of rows flagged counted, and after a round, the number of confirmed signatures.
"""

import logging
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from clarion.core.signals import public_content_changed
from clarion.petitions import announce, signing
from clarion.petitions.fraud import petition_settings
from clarion.petitions.models import (
    CountryCount,
    PetitionCount,
    PetitionThreshold,
    Signature,
    SignatureState,
    ThresholdReached,
)
from clarion.petitions.timeline import steps_cache_key

logger = logging.getLogger(__name__)

OUT_OF_STEP = Q(counted=False, state=SignatureState.VALIDATED) | (
    Q(counted=True) & ~Q(state=SignatureState.VALIDATED)
)


def count_round(batch_size=20_000):
    """Bring every petition's total in step with its signatures; returns {petition_id: change}."""
    changes = {}
    petition_ids = set(Signature.objects.filter(OUT_OF_STEP).values_list("petition_id", flat=True).distinct())
    for petition_id in petition_ids:
        change = _count_petition(petition_id, batch_size)
        if change:
            changes[petition_id] = change
            note_thresholds_reached(petition_id)
    if changes:
        # The petition's page shows its count and latest signers: a kept copy would deny a new signer her name
        # for CLARION_PAGE_CACHE_SECONDS (at most one page render per round and process while counts move).
        public_content_changed.send(sender=PetitionCount)
    return changes


def _count_petition(petition_id, batch_size):
    with transaction.atomic():
        rows = list(
            Signature.objects.select_for_update(skip_locked=connection_supports_skip_locked())
            .filter(OUT_OF_STEP, petition_id=petition_id)
            .values_list("pk", "counted", "country").order_by("pk")[:batch_size]
        )
        if not rows:
            return 0
        by_country = Counter()
        for _pk, counted, country in rows:
            by_country[country] += -1 if counted else 1
        # Before the flags flip, so a log starting now first takes in what counted until now.
        signing.count_changed(petition_id, [pk for pk, counted, _c in rows if not counted],
                              [pk for pk, counted, _c in rows if counted])
        Signature.objects.filter(pk__in=[pk for pk, counted, _c in rows if not counted]).update(counted=True)
        Signature.objects.filter(pk__in=[pk for pk, counted, _c in rows if counted]).update(counted=False)
        total = sum(by_country.values())
        _add(PetitionCount.objects.filter(petition_id=petition_id), PetitionCount(petition_id=petition_id), total)
        for country, change in by_country.items():
            if change:
                _add(CountryCount.objects.filter(petition_id=petition_id, country=country),
                     CountryCount(petition_id=petition_id, country=country), change)
    transaction.on_commit(lambda: cache.delete(_cache_key(petition_id)))
    return total


def note_thresholds_reached(petition_id, now=None):
    """Date the petition's thresholds its count has reached for the first time (its public timeline shows them)."""
    total = PetitionCount.objects.filter(petition_id=petition_id).values_list("count", flat=True).first() or 0
    known = ThresholdReached.objects.filter(petition_id=petition_id).values("count")
    new = set(PetitionThreshold.objects.filter(petition_id=petition_id, count__gt=0, count__lte=total)
              .exclude(count__in=known).values_list("count", flat=True))
    if not new:
        return
    now = now or timezone.now()
    with transaction.atomic():
        ThresholdReached.objects.bulk_create([ThresholdReached(petition_id=petition_id, count=n, reached_at=now)
                                              for n in sorted(new)], ignore_conflicts=True)
        announce.threshold_reached(petition_id, sorted(new), now, total)
    cache.delete(steps_cache_key(petition_id))


def connection_supports_skip_locked():
    from django.db import connection

    return connection.features.has_select_for_update_skip_locked


def _add(queryset, new_row, change):
    if not queryset.update(count=F("count") + change):
        new_row.count = change
        new_row.save(force_insert=True)


def recount_all(petition_ids):
    """The nightly reconciliation: one counting round, then each petition's totals checked."""
    count_round()
    return {petition_id: recount(petition_id, count_first=False) for petition_id in petition_ids}


def recount(petition_id, *, count_first=True):
    """Reconcile the stored totals with the signatures themselves; log and repair any drift."""
    if count_first:
        count_round()
    with transaction.atomic():
        counted = Signature.objects.filter(petition_id=petition_id, counted=True)
        truth = counted.count()
        by_country = dict(counted.values_list("country").annotate(n=Count("pk")).values_list("country", "n"))
        tally, _ = PetitionCount.objects.select_for_update().get_or_create(petition_id=petition_id)
        drift = tally.count - truth
        if drift:
            logger.warning("Petition %s count drifted by %+d; repaired to %d", petition_id, drift, truth)
            tally.count = truth
            tally.save(update_fields=["count", "updated_at"])
        CountryCount.objects.filter(petition_id=petition_id).exclude(country__in=by_country).delete()
        for country, n in by_country.items():
            CountryCount.objects.update_or_create(petition_id=petition_id, country=country, defaults={"count": n})
    cache.delete(_cache_key(petition_id))
    return drift


def _cache_key(petition_id):
    return f"petitions:{petition_id}:counts"


def read_counts(petition_id):
    """The public totals: {"total": n, "by_country": {"GB": n, …}}, from the cache when possible.

    Countries below the country_figures_minimum setting are left out: on a small petition a rare country's
    figure going from 0 to 1 would tell an observer the moment one person from there confirmed.
    """
    key = _cache_key(petition_id)
    counts = cache.get(key)
    if counts is None:
        minimum = max(petition_settings().country_figures_minimum, 1)
        total = PetitionCount.objects.filter(petition_id=petition_id).values_list("count", flat=True).first()
        by_country = dict(
            CountryCount.objects.filter(petition_id=petition_id, count__gte=minimum)
            .order_by("-count", "country").values_list("country", "count")
        )
        counts = {"total": total or 0, "by_country": by_country}
        # Other processes learn of a new round when this expires; with Redis the delete reaches them at once.
        cache.set(key, counts, settings.CLARION_COUNT_INTERVAL)
    return counts
