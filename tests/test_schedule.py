"""The scheduler enqueues periodic work on time, and never piles runs up behind a stopped worker."""

import pytest

from clarion.core.schedule import DAY, Schedule, periodic_tasks
from tests.conftest import run_queued_tasks


def test_each_app_registers_its_periodic_work_and_intervals_follow_the_settings(settings):
    settings.CLARION_COUNT_INTERVAL = 7
    registered = {task.module_path: interval for task, interval in periodic_tasks()}
    assert registered == {
        "clarion.petitions.tasks.count_signatures": 7,
        "clarion.core.tasks.publish_scheduled_content": settings.CLARION_SCHEDULE_INTERVAL,
        "clarion.alerts.tasks.run_mailings": settings.CLARION_SCHEDULE_INTERVAL,
        "clarion.mail.rounds.deliver_due_mail": settings.CLARION_MAIL_SWEEP_INTERVAL,
        "clarion.petitions.tasks.recount_petitions": DAY,
        "clarion.petitions.tasks.apply_privacy_rules": DAY,
        "clarion.petitions.tasks.forget_consent_ips": DAY,
        "clarion.core.tasks.prune_task_results": DAY,
        "clarion.mail.tasks.purge_old_mail": DAY,
        "clarion.supporters.tasks.erase_expired_supporters": DAY,
        "clarion.accounts.tasks.forget_old_sign_in_failures": 3600,
        "clarion.spread.sending.send_invitations": settings.CLARION_SCHEDULE_INTERVAL,
        "clarion.spread.tasks.purge_invitation_data": DAY,
        "clarion.dashboard.tasks.roll_up_hourly_figures": settings.CLARION_SCHEDULE_INTERVAL,
    }


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
