"""The task queue as the configured backend keeps it: tasks waiting and running, the worker's last sign of life,
and the last run of each periodic task. One reader per backend, both answering the same questions."""

from datetime import UTC, timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clarion.core.models import PeriodicRun
from clarion.core.schedule import periodic_tasks
from clarion.core.status import Section, age_seconds

# Newest results read on RQ to find each periodic task's last run (RQ keeps a result for 500 s by default).
RQ_RESULTS_READ = 2000
# RQ's job states in the tasks API's words, so both backends report outcomes alike.
RQ_OUTCOMES = {"finished": "successful", "failed": "failed", "stopped": "failed", "canceled": "failed",
               "started": "running"}


def uses_rq():
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend"


def aware(moment):
    """RQ's times are UTC, naive in some versions."""
    return moment if moment is None or timezone.is_aware(moment) else timezone.make_aware(moment, UTC)


def queue_state(now):
    """{backend, ready, running, failed…, oldest ready, longest running, last activity (seconds), liveness}."""
    return _rq_queue(now) if uses_rq() else _db_queue(now)


def last_runs():
    """{task path: (enqueued_at, status)} of each registered periodic task's newest run the backend still keeps."""
    paths = [task.module_path for task, _ in periodic_tasks()]
    runs = _rq_last_runs(paths) if uses_rq() else _db_last_runs(paths)
    # The backend forgets finished runs (RQ after 500 s); the worker's own record of each finish does not.
    for path, at, outcome in PeriodicRun.objects.filter(task_path__in=paths).values_list(
            "task_path", "enqueued_at", "outcome"):
        if path not in runs or runs[path][0] < at:
            runs[path] = (at, outcome)
    return runs


# Each backend's package is imported only when it is the configured one: the other need not be an installed app.
def _db_queue(now):
    from django_tasks_db.models import DBTaskResult

    results = DBTaskResult.objects.order_by()
    ready = results.ready()
    # django-tasks-db keeps no worker heartbeat: the newest start or finish of any task is the sign of life.
    latest = results.aggregate(started=Max("started_at"), finished=Max("finished_at"))
    activity = max([moment for moment in latest.values() if moment], default=None)
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    # A run whose worker was killed stays RUNNING: its age shows it.
    longest = results.running().order_by("started_at").values_list("started_at", flat=True).first()
    return {
        "backend": "database (django-tasks-db)", "ready": ready.count(), "running": results.running().count(),
        "failed_last_day": results.failed().filter(finished_at__gte=now - timedelta(days=1)).count(),
        "oldest_ready_seconds": age_seconds(now, oldest), "longest_running_seconds": age_seconds(now, longest),
        "last_activity_seconds": age_seconds(now, activity),
        "liveness": "the newest start or finish of any task (django-tasks-db keeps no heartbeat)",
    }


def _rq_queue(now):
    import django_rq
    from rq import Worker
    from rq.job import Job
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    queue = django_rq.get_queue("default")
    heartbeats = [aware(worker.last_heartbeat) for worker in Worker.all(queue=queue) if worker.last_heartbeat]
    oldest, started = queue.get_jobs(0, 1), StartedJobRegistry(queue=queue)
    longest = [job.started_at for job in Job.fetch_many(started.get_job_ids(0, 0), connection=queue.connection)
               if job and job.started_at]
    return {
        "backend": "Redis (RQ)", "ready": queue.count, "running": started.count,
        "failed_kept": FailedJobRegistry(queue=queue).count, "workers": len(heartbeats),
        "oldest_ready_seconds": age_seconds(now, aware(oldest[0].enqueued_at)) if oldest else None,
        "longest_running_seconds": age_seconds(now, aware(longest[0])) if longest else None,
        "last_activity_seconds": age_seconds(now, max(heartbeats, default=None)),
        "liveness": "the newest heartbeat of a registered RQ worker (each beats while alive, busy or idle)",
    }


def _db_last_runs(paths):
    from django_tasks_db.models import DBTaskResult

    newest = (DBTaskResult.objects.filter(task_path__in=paths).order_by().values("task_path")
              .annotate(at=Max("enqueued_at")))
    if not newest:
        return {}
    which = Q()
    for row in newest:
        which |= Q(task_path=row["task_path"], enqueued_at=row["at"])
    return {path: (at, status.lower()) for path, at, status in
            DBTaskResult.objects.filter(which).values_list("task_path", "enqueued_at", "status")}


def _rq_last_runs(paths):
    import django_rq
    from rq.job import Job
    from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry

    queue = django_rq.get_queue("default")
    ids = set(queue.get_job_ids())
    for registry in (FinishedJobRegistry, FailedJobRegistry, StartedJobRegistry):
        ids.update(registry(queue=queue).get_job_ids(0, RQ_RESULTS_READ - 1, desc=True))
    runs = {}
    for job in Job.fetch_many(list(ids), connection=queue.connection):
        if job is None or job.func_name not in paths or job.enqueued_at is None:
            continue
        at = aware(job.enqueued_at)
        if job.func_name not in runs or runs[job.func_name][0] < at:
            status = str(getattr(job.get_status(refresh=False), "value", "queued"))
            runs[job.func_name] = (at, RQ_OUTCOMES.get(status, "ready"))
    return runs


def tasks_section(now, limits):
    state = queue_state(now)
    section = Section(_("Tasks"), state)
    quiet = state["last_activity_seconds"]
    if state["ready"] and (quiet is None or quiet > limits.worker_quiet_seconds):
        if quiet is None:
            problem = gettext("Tasks waiting: %(ready)s, and no worker has shown life at all: is the worker running?")
        else:
            problem = gettext("Tasks waiting: %(ready)s, and no worker has shown life for %(quiet)s s: is the worker "
                              "running?")
        section.problems.append(problem % {"ready": state["ready"], "quiet": quiet})
    return section


def periodic_section(now, limits):
    """Each periodic task's last run; one that has not run for twice its interval (plus the quiet a worker is
    allowed) is overdue: the scheduler stopped, or a run never finished."""
    runs, facts, section = last_runs(), {}, Section(_("Periodic tasks"))
    for task, interval in periodic_tasks():
        at, outcome = runs.get(task.module_path, (None, None))
        age = age_seconds(now, at)
        facts[task.module_path] = {"every_seconds": interval, "last_run_seconds_ago": age, "outcome": outcome}
        if age is not None and age > 2 * interval + limits.worker_quiet_seconds:
            section.problems.append(gettext(
                "%(task)s last ran %(age)s s ago (%(outcome)s); it should run every %(interval)s s") % {
                "task": task.name, "age": age, "outcome": outcome, "interval": interval})
    section.facts = facts
    return section
