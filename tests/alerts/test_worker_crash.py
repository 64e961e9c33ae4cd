"""A worker killed with SIGKILL mid-send, then restarted: everyone still gets the alert, duplicates stay bounded.

Real parts throughout: the configured task worker runs in its own process against a database of its own
(as tests/test_tasks.py does), sending to a real SMTP server in this process that counts per recipient. On RQ
the sending happens in the worker's work horse, a child in a session of its own: it is killed too, so the
send in flight really dies with the worker.
"""

import subprocess
import sys
import time
from collections import Counter

import pytest
from aiosmtpd.controller import Controller

from tests.faults.lease_kit import kill_with_children
from tests.fixtures.mail import _free_port
from tests.test_tasks import ROOT, _manage, separate_database, separate_site  # noqa: F401  (fixtures)

RECIPIENTS = 150
BATCH = 10

START = """
from clarion.alerts.actions import start_mailing
from clarion.alerts.models import Mailing, Segment
from clarion.core.emails import canonical_email
from clarion.supporters.models import Supporter
emails = [f"p{{n}}@example.org" for n in range({count})]
Supporter.objects.bulk_create([Supporter(email=e, canonical_email=canonical_email(e), name=f"Person{{n}} Surname",
                                         subscribed=True) for n, e in enumerate(emails)])
mailing = Mailing.objects.create(subject="Four days left", body='Dear {{{{ first_name|default:"Friend" }}}},',
                                 segment=Segment.objects.create(name="Everyone"))
start_mailing(mailing)
print(mailing.pk)
"""

SWEEP = "from clarion.alerts.tasks import restart_stalled_senders; restart_stalled_senders.enqueue()"
STATUS = "from clarion.alerts.models import Mailing; print(Mailing.objects.get().status)"


class Counting:
    def __init__(self):
        self.received = Counter()

    async def handle_DATA(self, server, session, envelope):
        self.received.update(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def sink():
    handler, port = Counting(), _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    yield handler
    controller.stop()


def _worker(env, burst):
    if env.get("REDIS_URL"):
        return ["rqworker", "--job-class", "django_tasks_rq.Job", *(["--burst"] if burst else []), "default"]
    return ["db_worker", "--no-startup-delay", *(["--batch"] if burst else [])]


def _wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_worker_killed_mid_send_and_restarted_still_delivers_to_everyone(separate_site, sink):  # noqa: F811
    env = {**separate_site, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}", "CLARION_ALERTS_BATCH_SIZE": str(BATCH),
           "CLARION_LEASE_SECONDS": "1", "CLARION_ALERTS_SENDERS": "1", "CLARION_ALERTS_CONNECTIONS": "2",
           "CLARION_ALERTS_THROTTLE": "2400", "CLARION_ALERTS_FREQUENCY_CAP": "1"}
    _manage(env, "shell", "-c", START.format(count=RECIPIENTS))

    worker = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *_worker(env, burst=False)], cwd=ROOT,
                              env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        # Mid-batch, while the sender holds claims on the rest of its batch. (Killed between two batches, holding
        # none, a sender is restarted only after alerts.actions.QUIET_SECONDS: it looks like one queued.)
        _wait_for(lambda: sum(sink.received.values()) >= RECIPIENTS // 3 + BATCH // 2, 120)
    finally:
        horses = kill_with_children(worker)
    time.sleep(0.5)  # a message the server had whole before the kill is counted by now
    before_restart = sum(sink.received.values())
    assert before_restart < RECIPIENTS, "the worker finished before it could be killed"
    assert bool(horses) == bool(env.get("REDIS_URL")), f"killed with the worker: {horses}"

    time.sleep(1.5)  # past the claim timeout: the dead worker's batch may be taken again
    assert sum(sink.received.values()) == before_restart, "still sending after the kill: a work horse lived on"
    _manage(env, "shell", "-c", SWEEP)
    _manage(env, *_worker(env, burst=True))

    everyone = {f"p{n}@example.org" for n in range(RECIPIENTS)}
    assert set(sink.received) == everyone
    twice = [address for address, count in sink.received.items() if count > 1]
    assert all(count <= 2 for count in sink.received.values())
    assert len(twice) <= BATCH, f"{len(twice)} duplicates, more than one batch in flight"
    assert _manage(env, "shell", "-c", STATUS) == "sent"
