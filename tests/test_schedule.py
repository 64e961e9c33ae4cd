"""The scheduler enqueues periodic work on time, never piles runs up behind a stopped worker, and sends a task
again when its run died with its worker."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from django_tasks import TaskResultStatus

from clarion.core.models import RunHeartbeat
from clarion.core.schedule import DAY, Schedule, periodic_tasks
from tests.conftest import run_queued_tasks

COUNT = "clarion.petitions.tasks.count_signatures"


def test_each_app_registers_its_periodic_work_and_intervals_follow_the_settings(settings):
    settings.CLARION_COUNT_INTERVAL = 7
    settings.CLARION_LEASE_SECONDS = 20
    registered = {task.module_path: interval for task, interval in periodic_tasks()}
    assert registered == {
        "clarion.petitions.tasks.count_signatures": 7,
        "clarion.core.tasks.publish_scheduled_content": settings.CLARION_SCHEDULE_INTERVAL,
        "clarion.alerts.tasks.run_mailings": settings.CLARION_SCHEDULE_INTERVAL,
        "clarion.alerts.tasks.restart_stalled_senders": 5,
        "clarion.mail.rounds.deliver_due_mail": settings.CLARION_MAIL_SWEEP_INTERVAL,
        "clarion.petitions.tasks.recount_petitions": DAY,
        "clarion.petitions.tasks.apply_privacy_rules": DAY,
        "clarion.petitions.tasks.forget_consent_ips": DAY,
        "clarion.transparency.tasks.forget_receipt_secrets": DAY,
        "clarion.core.tasks.prune_task_results": DAY,
        "clarion.mail.tasks.purge_old_mail": DAY,
        "clarion.supporters.tasks.erase_expired_supporters": DAY,
        "clarion.accounts.tasks.forget_old_sign_in_failures": 3600,
        "clarion.spread.sending.send_invitations": settings.CLARION_SCHEDULE_INTERVAL,
        "clarion.spread.tasks.purge_invitation_data": DAY,
        "clarion.dashboard.tasks.roll_up_hourly_figures": settings.CLARION_SCHEDULE_INTERVAL,
        "clarion.webhooks.rounds.sweep_webhooks": 5,
        "clarion.webhooks.tasks.announce_closed_petitions": settings.CLARION_SCHEDULE_INTERVAL,
        "clarion.webhooks.tasks.forget_old_events": DAY,
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


def _taken_by_a_worker(result, started_ago):
    """What the backend shows after a worker took the run at `started_ago` seconds ago (and, here, died)."""
    started = timezone.now() - timedelta(seconds=started_ago)
    if django_settings.TASKS["default"]["BACKEND"].endswith("RQBackend"):
        import django_rq
        from rq.job import Job, JobStatus

        job = Job.fetch(result.id, connection=django_rq.get_connection())
        job.started_at = started
        job.save()
        job.set_status(JobStatus.STARTED)
    else:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(id=result.id).update(status=TaskResultStatus.RUNNING, started_at=started)


@pytest.mark.django_db
def test_a_run_silent_for_a_lease_is_marked_failed_and_its_task_sent_again(settings):
    settings.CLARION_COUNT_INTERVAL = 5
    settings.CLARION_LEASE_SECONDS = 20
    schedule = Schedule()
    schedule.tick(now=1000.0)
    dead = schedule.last_result[COUNT]
    _taken_by_a_worker(dead, started_ago=15)
    assert COUNT not in schedule.tick(now=1010.0), "within its lease a run counts as alive"
    _taken_by_a_worker(dead, started_ago=25)
    assert COUNT in schedule.tick(now=1011.0)
    dead.refresh()
    assert dead.status == TaskResultStatus.FAILED
    assert schedule.last_result[COUNT].id != dead.id


@pytest.mark.django_db
def test_a_long_run_that_keeps_beating_is_never_sent_twice(settings):
    settings.CLARION_COUNT_INTERVAL = 5
    settings.CLARION_LEASE_SECONDS = 20
    schedule = Schedule()
    schedule.tick(now=1000.0)
    alive = schedule.last_result[COUNT]
    _taken_by_a_worker(alive, started_ago=3600)
    RunHeartbeat.objects.create(result_id=str(alive.id), task_path=COUNT, beat_at=timezone.now() - timedelta(seconds=5))
    assert COUNT not in schedule.tick(now=5000.0)
    alive.refresh()
    assert alive.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_restarted_scheduler_takes_over_the_runs_its_predecessor_left(settings):
    settings.CLARION_LEASE_SECONDS = 20
    publish = "clarion.core.tasks.publish_scheduled_content"
    first = Schedule()
    first.tick(now=1000.0)
    dead = first.last_result[publish]
    _taken_by_a_worker(dead, started_ago=60)

    sent = Schedule().tick(now=5.0)
    assert COUNT not in sent, "its run still waits for a worker: a second one would run beside it"
    assert publish in sent
    dead.refresh()
    assert dead.status == TaskResultStatus.FAILED
