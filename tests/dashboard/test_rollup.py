"""The roll-up stores each closed hour once, exactly, and only the hours since the last round."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from clarion.core.schedule import periodic_tasks
from clarion.dashboard.actions import rebuild_figures, roll_up_figures
from clarion.dashboard.models import HourlyFigure
from clarion.dashboard.rollup import closed_until, floor_hour
from clarion.dashboard.tasks import roll_up_hourly_figures
from clarion.petitions.models import Signature, SignatureState
from tests.conftest import run_queued_tasks
from tests.dashboard.conftest import NOW, at, place, stored_hours, stored_sources
from tests.petitions.conftest import make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(db):
    return make_petition()


def test_each_closed_hour_holds_the_entries_received_and_the_confirmations_made_in_it(petition):
    place(petition, 3, created=at(9, 10), confirmed=at(9, 20))
    place(petition, 2, created=at(9, 50))
    place(petition, 4, created=at(10, 20), state=SignatureState.FRAUDULENT, fraud_reason="rate-burst")
    place(petition, 1, created=at(10, 15), confirmed=at(11, 5))
    place(petition, 2, created=at(12, 10), confirmed=at(12, 20))  # the current hour: not closed yet

    assert roll_up_figures(now=NOW) == 3

    assert stored_hours(petition) == {at(9): (5, 3), at(10): (5, 0), at(11): (0, 1)}


def test_an_hour_is_closed_only_once_the_settling_minutes_have_passed(petition):
    place(petition, 1, created=at(11, 59), confirmed=at(11, 59))
    roll_up_figures(now=at(12, 2))
    assert stored_hours(petition) == {}
    roll_up_figures(now=at(12, 6))
    assert stored_hours(petition) == {at(11): (1, 1)}


def test_running_the_roll_up_again_adds_nothing_and_a_later_run_adds_only_the_new_hours(petition):
    place(petition, 3, created=at(9, 10), confirmed=at(9, 20))
    roll_up_figures(now=NOW)
    assert roll_up_figures(now=NOW) == 0
    assert stored_hours(petition) == {at(9): (3, 3)}

    place(petition, 2, created=at(12, 40), confirmed=at(12, 45))
    assert roll_up_figures(now=at(13, 30)) == 1
    assert stored_hours(petition) == {at(9): (3, 3), at(12): (2, 2)}
    assert HourlyFigure.objects.count() == 2


def test_a_late_confirmation_counts_in_the_hour_it_was_confirmed(petition):
    late = place(petition, 1, created=at(9, 10))[0]
    roll_up_figures(now=at(10, 30))
    assert stored_hours(petition) == {at(9): (1, 0)}

    Signature.objects.filter(pk=late.pk).update(state=SignatureState.VALIDATED, confirmed_at=at(11, 20))
    roll_up_figures(now=NOW)

    assert stored_hours(petition) == {at(9): (1, 0), at(11): (0, 1)}


def test_a_worker_back_from_a_long_stop_catches_up_a_bounded_number_of_hours_per_run(petition):
    place(petition, 1, created=at(0, 10), confirmed=at(0, 20))
    assert roll_up_figures(now=NOW, max_hours=5) == 5
    assert roll_up_figures(now=NOW, max_hours=5) == 5
    assert roll_up_figures(now=NOW, max_hours=5) == 2
    assert stored_hours(petition) == {at(0): (1, 1)}


def test_sources_are_the_utm_source_tag_else_the_share_channel(petition):
    place(petition, 2, created=at(9, 10), confirmed=at(9, 20), channel="whatsapp")
    place(petition, 1, created=at(9, 15), confirmed=at(9, 25), channel="whatsapp",
          first_touch={"utm_source": "newsletter"})
    place(petition, 1, created=at(9, 30))

    roll_up_figures(now=NOW)

    assert stored_sources(petition) == {(at(9), "whatsapp"): (2, 2), (at(9), "newsletter"): (1, 1),
                                        (at(9), ""): (1, 0)}


def test_the_backfill_counts_what_was_signed_before_the_dashboard_existed(petition):
    now = timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    place(petition, 4, created=hour - 3 * timezone.timedelta(hours=1), confirmed=hour - timezone.timedelta(hours=2))
    place(petition, 2, created=hour - 30 * timezone.timedelta(hours=1))
    HourlyFigure.objects.create(petition=petition, hour=hour - 3 * timezone.timedelta(hours=1), submitted=99)

    out = io.StringIO()
    call_command("backfill_hourly_figures", stdout=out)

    hours = timezone.timedelta(hours=1)
    assert stored_hours(petition) == {hour - 30 * hours: (2, 0), hour - 3 * hours: (4, 0), hour - 2 * hours: (0, 4)}
    assert f"{int((closed_until(now) - (hour - 30 * hours)) / hours)} hours" in out.getvalue()
    assert roll_up_figures(now=now) == 0


def test_a_rebuild_from_a_day_leaves_the_days_before_it_alone(petition):
    place(petition, 1, created=at(9, 10, day=1), confirmed=at(9, 20, day=1))
    place(petition, 1, created=at(9, 10, day=2), confirmed=at(9, 20, day=2))
    roll_up_figures(now=at(12, 0, day=3))
    HourlyFigure.objects.filter(hour=at(9, day=1)).update(submitted=7)
    HourlyFigure.objects.filter(hour=at(9, day=2)).update(submitted=7)

    rebuild_figures(since=at(0, day=2), now=at(12, 0, day=3))

    assert stored_hours(petition) == {at(9, day=1): (7, 1), at(9, day=2): (1, 1)}


def test_the_worker_runs_the_roll_up_the_scheduler_enqueues(petition):
    three_hours_ago = timezone.now() - timezone.timedelta(hours=3)
    place(petition, 2, created=three_hours_ago, confirmed=three_hours_ago)
    assert roll_up_hourly_figures in [task for task, _interval in periodic_tasks()]

    roll_up_hourly_figures.enqueue()
    run_queued_tasks()

    assert stored_hours(petition) == {floor_hour(three_hours_ago): (2, 2)}
