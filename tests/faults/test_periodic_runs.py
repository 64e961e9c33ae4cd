"""Finding 1: a worker SIGKILLed in the middle of a periodic task's run no longer stops that task for good.

The scheduler keeps running; the worker dies while the outbox sweep (a periodic task) is sending. Its run shows
as running for ever in the task backend (db_worker's row RUNNING, RQ's job STARTED), which used to keep the
scheduler from sending the sweep again: mail written without a wake-up then waited for an operator. Now the
run stops beating, the scheduler marks it failed a lease later and sends the sweep again, and a fresh worker
delivers everything, the message in flight at the kill twice at most.
"""

import time

from tests.faults.lease_kit import processes, stalling_sink, wait_for  # noqa: F401  (fixture)
from tests.test_tasks import _manage, separate_database, separate_site  # noqa: F401  (fixtures)

MESSAGES = 8
# The default lease is 20 s (renewed every 5 s): the dead run and its message are free a lease after the last
# renewal, and the scheduler looks every second; a worker's start-up and a round come on top.
RECOVERY_SECONDS = 35

# Straight into the outbox, waking no delivery round: only the scheduler's sweep sends these.
DUE = """
from django.utils import timezone
from clarion.mail.models import OutboxMessage
OutboxMessage.objects.bulk_create([OutboxMessage(to=f"r{{n}}@example.org", subject="Please confirm",
                                                 text_body="Confirm your signature.", next_attempt_at=timezone.now())
                                   for n in range({count})])
"""
RUNNING_RUNS = """
from django.conf import settings
if settings.TASKS["default"]["BACKEND"].endswith("RQBackend"):
    import django_rq
    print(" ".join(django_rq.get_queue("default").started_job_registry.get_job_ids(cleanup=False)))
else:
    from django_tasks_db.models import DBTaskResult
    print(" ".join(str(pk) for pk in DBTaskResult.objects.filter(status="RUNNING").values_list("pk", flat=True)))
"""
RESULT = "from django_tasks import default_task_backend as b; r = b.get_result({id!r}); print(r.task.name, r.status)"


def test_the_sweep_runs_again_after_its_worker_was_killed_mid_run(separate_site, stalling_sink, tmp_path):  # noqa: F811
    env = {**separate_site, "EMAIL_URL": stalling_sink.url}
    stalling_sink.stall_at = 3
    _manage(env, "shell", "-c", DUE.format(count=MESSAGES))
    with processes(env, tmp_path / "logs") as running:
        running.scheduler()
        worker = running.worker()
        wait_for(stalling_sink.stalled.is_set, 45, "the sweep reached the third message", running)
        dead_runs = _manage(env, "shell", "-c", RUNNING_RUNS).split()
        running.kill(worker)
        killed = time.monotonic()
        stalling_sink.release.set()
        running.worker()
        wait_for(lambda: sum(stalling_sink.received.values()) == MESSAGES + 1, RECOVERY_SECONDS + 15,
                 "the sweep sent again and every message delivered", running)
        recovered = time.monotonic() - killed
    print(f"\nperiodic sweep recovered {recovered:.1f} s after its worker was killed")
    assert recovered < RECOVERY_SECONDS
    assert len(dead_runs) == 1
    assert _manage(env, "shell", "-c", RESULT.format(id=dead_runs[0])) == "deliver_due_mail FAILED"
    assert set(stalling_sink.received) == {f"r{n}@example.org" for n in range(MESSAGES)}
    # Only the message in flight at the kill (its 250 never reached the dead worker) went out twice.
    assert list(stalling_sink.duplicates().values()) == [2]
