"""Finding 5: work held by a worker that was SIGKILLed is taken back within seconds, not five minutes.

An outbox message and a batch of alert deliveries are claimed under a lease their holder renews every quarter
of CLARION_LEASE_SECONDS (20 s by default) while it sends, even through a stalled SMTP server; the worker is
killed while the server stalls on one message, a fresh worker and scheduler start, and everything is
delivered within the stated time. Duplicates stay within the bound: the one message in flight for the outbox,
one batch (CLARION_ALERTS_BATCH_SIZE) for a mailing; nobody is skipped.
"""

import time

from tests.alerts.test_worker_crash import START, STATUS
from tests.faults.lease_kit import processes, stalling_sink, wait_for  # noqa: F401  (fixture)
from tests.test_tasks import _manage, separate_database, separate_site  # noqa: F401  (fixtures)

# A lease after the holder's last renewal (at most a quarter lease before the kill), then the outbox sweep
# (every 5 s) or the stalled-mailing check (every quarter lease), and a fresh worker's start-up.
RECOVERY_SECONDS = 35

MESSAGES = 12
QUEUE = """
from clarion.mail.actions import queue_mail
for n in range({count}):
    queue_mail(f"r{{n}}@example.org", "Please confirm", "Confirm your signature.")
"""
OUTBOX = ("from clarion.mail.models import OutboxMessage as M; "
          "print(sorted(set(M.objects.values_list('status', flat=True))))")

RECIPIENTS = 120
BATCH = 10


def _crash_and_restart(running, sink, delivered, what):
    """Kill the worker (and scheduler) while the sink stalls, start fresh ones; seconds until `delivered()`."""
    wait_for(sink.stalled.is_set, 45, "the worker reached the stalling message", running)
    for process in list(running.running):
        running.kill(process)
    killed = time.monotonic()
    sink.release.set()
    running.worker()
    running.scheduler()
    wait_for(delivered, RECOVERY_SECONDS + 15, what, running)
    return time.monotonic() - killed


def test_outbox_round_killed_mid_send_is_finished_by_a_fresh_worker(separate_site, stalling_sink, tmp_path):  # noqa: F811
    env = {**separate_site, "EMAIL_URL": stalling_sink.url}
    stalling_sink.stall_at = 5
    with processes(env, tmp_path / "logs") as running:
        running.worker()
        running.scheduler()
        _manage(env, "shell", "-c", QUEUE.format(count=MESSAGES))
        # The message in flight at the kill was received but never marked: it must come once more.
        recovered = _crash_and_restart(running, stalling_sink,
                                       lambda: sum(stalling_sink.received.values()) == MESSAGES + 1,
                                       "every message delivered after the crash")
        wait_for(lambda: _manage(env, "shell", "-c", OUTBOX) == "['sent']", 15, "every message marked sent", running)
    print(f"\noutbox recovered {recovered:.1f} s after its worker was killed")
    assert recovered < RECOVERY_SECONDS
    assert set(stalling_sink.received) == {f"r{n}@example.org" for n in range(MESSAGES)}
    assert list(stalling_sink.duplicates().values()) == [2]


def test_alert_mailing_killed_mid_batch_is_finished_by_a_fresh_worker(separate_site, stalling_sink, tmp_path):  # noqa: F811
    env = {**separate_site, "EMAIL_URL": stalling_sink.url, "CLARION_ALERTS_BATCH_SIZE": str(BATCH),
           "CLARION_ALERTS_SENDERS": "1", "CLARION_ALERTS_CONNECTIONS": "2", "CLARION_ALERTS_FREQUENCY_CAP": "1"}
    stalling_sink.stall_at = RECIPIENTS // 3
    everyone = {f"p{n}@example.org" for n in range(RECIPIENTS)}
    _manage(env, "shell", "-c", START.format(count=RECIPIENTS))
    with processes(env, tmp_path / "logs") as running:
        running.worker()
        recovered = _crash_and_restart(running, stalling_sink, lambda: set(stalling_sink.received) == everyone,
                                       "every recipient reached after the crash")
        wait_for(lambda: _manage(env, "shell", "-c", STATUS) == "sent", 20, "the mailing finished", running)
    print(f"\nalert mailing recovered {recovered:.1f} s after its worker was killed")
    assert recovered < RECOVERY_SECONDS
    assert max(stalling_sink.received.values()) == 2
    assert len(stalling_sink.duplicates()) <= BATCH, "more than the batch in flight went out twice"
