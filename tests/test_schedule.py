"""The scheduler enqueues periodic work on time, and never piles runs up behind a stopped worker."""

import pytest

from clarion.core.schedule import Schedule, periodic_tasks
from tests.conftest import run_queued_tasks


@pytest.mark.django_db
def test_every_periodic_task_is_enqueued_on_the_first_tick(enqueued):
    names = Schedule().tick(now=1000.0)
    assert set(names) == {task.module_path for task, _interval in periodic_tasks()}
    assert sorted(result.task.module_path for result in enqueued) == sorted(names)


@pytest.mark.django_db
def test_a_task_still_waiting_for_a_worker_is_not_enqueued_again(settings):
    settings.CLARION_COUNT_INTERVAL = 5
    schedule = Schedule()
    schedule.tick(now=1000.0)
    # No worker ran: every task is still queued, so nothing more is added however much time passes.
    assert schedule.tick(now=1000.0 + 10 * 86400) == []


@pytest.mark.django_db
def test_counting_is_enqueued_again_once_its_interval_passed_and_the_last_run_finished(settings):
    settings.CLARION_COUNT_INTERVAL = 5
    schedule = Schedule()
    schedule.tick(now=1000.0)
    run_queued_tasks()
    assert schedule.tick(now=1002.0) == []
    assert "clarion.petitions.tasks.count_signatures" in schedule.tick(now=1006.0)
