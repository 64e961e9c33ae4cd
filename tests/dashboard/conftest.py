"""Signatures placed at chosen moments, and the stored figures read back as plain dictionaries."""

from datetime import UTC, datetime

from clarion.dashboard.models import HourlyFigure, HourlySource
from clarion.petitions.models import Signature, SignatureState
from tests.petitions.test_admin_support import add_signatures

# A Tuesday morning, half past twelve: the hours before it are closed, the current one is not.
NOW = datetime(2026, 12, 1, 12, 30, tzinfo=UTC)


def at(hour, minute=0, day=1):
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def place(petition, count, *, created, confirmed=None, state=None, **fields):
    """`count` signatures received at `created` and, if given, confirmed at `confirmed`."""
    if state is None:
        state = SignatureState.VALIDATED if confirmed else SignatureState.PENDING
    rows = add_signatures(petition, count, state=state, **fields)
    Signature.objects.filter(pk__in=[s.pk for s in rows]).update(created_at=created, confirmed_at=confirmed)
    return rows


def stored_hours(petition):
    return {hour: (submitted, confirmed) for hour, submitted, confirmed in HourlyFigure.objects.filter(
        petition=petition).values_list("hour", "submitted", "confirmed")}


def stored_sources(petition):
    rows = HourlySource.objects.filter(petition=petition).values_list("hour", "source", "submitted", "confirmed")
    return {(hour, source): (submitted, confirmed) for hour, source, submitted, confirmed in rows}
