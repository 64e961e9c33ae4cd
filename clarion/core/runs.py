"""Periodic runs carry a heartbeat, so a run whose worker died is noticed and its task sent again.

The scheduler sends a periodic task again only once its last run finished, and the task backend shows a run
whose worker was SIGKILLed as running for ever (db_worker's row stays RUNNING; RQ's job stays STARTED until its
maintenance, ten minutes on). So while a periodic task runs, a thread in its worker renews a RunHeartbeat row
every quarter lease (clarion.core.lease); a run with no sign of life (start or beat) for a lease is dead: it is
marked failed in the backend and the scheduler sends the task again. A live run, however long, keeps beating
and is never run twice at once.
"""

import logging
from datetime import UTC, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus

from clarion.core.lease import Renewal, lease_seconds
from clarion.core.models import PeriodicRun, RunHeartbeat

logger = logging.getLogger(__name__)

DB_BACKEND = "django_tasks_db.DatabaseBackend"
RQ_BACKEND = "django_tasks_rq.RQBackend"

class _Beat:
    """Renews one run's heartbeat row; remembers whether it wrote one, so a short run costs no write at all."""

    def __init__(self, task_result):
        self.result_id, self.path, self.written = str(task_result.id), task_result.task.module_path, False

    def __call__(self):
        RunHeartbeat.objects.update_or_create(result_id=self.result_id,
                                              defaults={"task_path": self.path, "beat_at": timezone.now()})
        self.written = True


# Runs beating in this worker process: result id → (their beat, its renewal).
_beating = {}


def start_beating(task_result):
    """Renew the run's heartbeat until stop_beating; nothing is written for a run shorter than a quarter lease
    (its start time is its sign of life until then)."""
    beat = _Beat(task_result)
    _beating[beat.result_id] = (beat, Renewal(beat).__enter__())


def stop_beating(task_result):
    beat, renewal = _beating.pop(str(task_result.id), (None, None))
    if renewal is not None:
        renewal.__exit__(None, None, None)
        if beat.written:
            RunHeartbeat.objects.filter(result_id=beat.result_id).delete()


def record_finish(task_result):
    """One row per periodic task, so its last run outlives the backend's memory of results."""
    PeriodicRun.objects.update_or_create(task_path=task_result.task.module_path, defaults={
        "enqueued_at": _aware(task_result.enqueued_at) or timezone.now(), "outcome": str(task_result.status).lower()})


def _aware(moment):
    return moment if moment is None or timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def is_dead(task_result, now=None):
    """A run that started and has shown no sign of life for a lease: its worker is gone."""
    if task_result.status != TaskResultStatus.RUNNING:
        return False
    now = now or timezone.now()
    beat = RunHeartbeat.objects.filter(result_id=str(task_result.id)).values_list("beat_at", flat=True).first()
    signs = [moment for moment in (_aware(task_result.started_at), beat) if moment is not None]
    return bool(signs) and now - max(signs) > timedelta(seconds=lease_seconds())


def give_up(task_result):
    """Mark a dead run failed where the backend allows it, so operators see what happened and nothing waits on it."""
    why = f"Its worker stopped: no heartbeat for {lease_seconds()} s; the task was sent again."
    backend = settings.TASKS[task_result.backend]["BACKEND"]
    if backend == DB_BACKEND:
        _fail_db_run(task_result, why)
    elif backend == RQ_BACKEND:
        _fail_rq_job(task_result, why)
    RunHeartbeat.objects.filter(result_id=str(task_result.id)).delete()
    logger.warning("Periodic task %s: run %s stopped without finishing; sending it again",
                   task_result.task.module_path, task_result.id)


def _fail_db_run(task_result, why):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_result.id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now(), traceback=why,
        exception_class_path="clarion.core.runs.WorkerLost")


def _fail_rq_job(task_result, why):
    import django_rq
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus

    connection = django_rq.get_connection()
    try:
        job = Job.fetch(str(task_result.id), connection=connection)
    except NoSuchJobError:
        return
    with connection.pipeline() as pipeline:
        job.started_job_registry.remove_executions(job, pipeline=pipeline)
        job.set_status(JobStatus.FAILED, pipeline=pipeline)
        job.failed_job_registry.add(job, exc_string=why, pipeline=pipeline)
        pipeline.execute()


def unfinished(paths):
    """The backend's unfinished runs (queued or running) of these tasks, oldest first where the backend tells:
    what a restarted scheduler takes over, so it does not start a second run beside a live one."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend == DB_BACKEND:
        from django_tasks_db.models import DBTaskResult

        rows = DBTaskResult.objects.filter(task_path__in=paths, status__in=[TaskResultStatus.READY,
                                                                           TaskResultStatus.RUNNING])
        return [row.task_result for row in rows.order_by("enqueued_at")]
    if backend == RQ_BACKEND:
        return _unfinished_rq_jobs(paths)
    return []


def _unfinished_rq_jobs(paths):
    import django_rq
    from django_tasks import default_task_backend
    from rq.job import Job

    found = []
    for name in settings.TASKS["default"].get("QUEUES", ["default"]):
        queue = django_rq.get_queue(name)
        ids = [*queue.get_job_ids(), *queue.started_job_registry.get_job_ids(cleanup=False),
               *queue.scheduled_job_registry.get_job_ids(cleanup=False)]
        for job in Job.fetch_many(ids, connection=queue.connection):
            if job is not None and job.func_name in paths:
                found.append(default_task_backend.get_result(job.id))
    return found


def forget_old_heartbeats():
    """Beats of runs that died unnoticed (the scheduler restarted meanwhile) are of no use after a day."""
    RunHeartbeat.objects.filter(beat_at__lt=timezone.now() - timedelta(days=1)).delete()
