"""An operator runs `manage.py status` when something feels wrong, or cron does every few minutes: it reads the
real queue (the task table, or RQ in the scale-out configuration), outbox and mailings, and exits 1 when
something clearly needs a person."""

import json
import subprocess
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clarion.alerts.actions import start_mailing
from clarion.alerts.models import Mailing, Segment
from clarion.core.models import PeriodicRun
from clarion.core.schedule import periodic_tasks
from clarion.core.tasks import prune_task_results
from clarion.core.taskstate import uses_rq
from clarion.mail.actions import queue_mail
from clarion.mail.models import OutboxMessage
from tests.alerts.conftest import make_supporters
from tests.conftest import run_queued_tasks
from tests.core.test_access_log import free_port


def status(*arguments):
    """(exit status, what it printed): the JSON report with --json, the text otherwise."""
    out = StringIO()
    try:
        call_command("status", *arguments, stdout=out)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, json.loads(out.getvalue()) if "--json" in arguments else out.getvalue()


@pytest.fixture
def empty_queue(db, settings, tmp_path):
    """An empty queue. In the scale-out configuration, a private Redis: the shared test database holds other
    tests' tasks, which come and go while these count."""
    if not uses_rq():
        yield
        return
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout != b"PONG\n":
            assert time.monotonic() < deadline and server.poll() is None
            time.sleep(0.1)
        settings.CACHES = {**settings.CACHES,
                           "default": {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{port}/0"}}
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


def backdate_task(result, age):
    """Make a task run look `age` old, as if nothing had run it since."""
    if uses_rq():
        import django_rq
        from rq.job import Job

        job = Job.fetch(result.id, connection=django_rq.get_connection())
        job.enqueued_at = timezone.now() - age
        job.save()
    else:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - age)
    PeriodicRun.objects.filter(task_path=result.task.module_path).update(enqueued_at=timezone.now() - age)


def test_a_quiet_healthy_site_is_ok_and_lists_every_periodic_task(empty_queue):
    code, report = status("--json")

    assert code == 0 and report["ok"] and report["problems"] == []
    assert report["tasks"]["ready"] == 0 and report["outbox"]["by_status"] == {}
    assert set(report["periodic"]) == {task.module_path for task, _ in periodic_tasks()}
    assert report["mailings"] == {"mailings": []}


def test_mail_waiting_longer_than_a_quarter_hour_is_a_problem(empty_queue):
    queue_mail("farah@example.org", "Your signature", "Please confirm.")
    queue_mail("jon@example.org", "Your signature", "Please confirm.")
    OutboxMessage.objects.filter(to="farah@example.org").update(created_at=timezone.now() - timedelta(minutes=20))

    code, report = status("--json")
    assert code == 1 and not report["ok"]
    assert report["outbox"]["by_status"] == {"pending": 2}
    assert 1200 <= report["outbox"]["oldest_pending_seconds"] < 1260
    assert report["problems"] == ["Mail waiting to be sent: 2, the oldest for "
                                  f"{report['outbox']['oldest_pending_seconds']} s: is the worker running, "
                                  "does the mail server answer?"]

    code, text = status()
    assert code == 1 and "Outbox\n  by status: pending 2\n  oldest pending: 20 min" in text
    assert "Problems:\n  - Mail waiting to be sent: 2" in text
    assert status("--json", "--mail-late-minutes", "30")[0] == 0


def test_tasks_waiting_with_no_worker_alive_then_a_worker_runs_them(empty_queue):
    result = prune_task_results.enqueue()

    code, report = status("--json")
    assert code == 1 and report["tasks"]["ready"] == 1 and report["tasks"]["oldest_ready_seconds"] < 60
    assert report["problems"] == ["Tasks waiting: 1, and no worker has shown life at all: is the worker running?"]

    run_queued_tasks()
    code, report = status("--json")
    assert code == 0 and report["tasks"]["ready"] == 0 and report["tasks"]["running"] == 0
    assert report["periodic"][result.task.module_path]["outcome"] == "successful"
    assert report["periodic"][result.task.module_path]["last_run_seconds_ago"] < 60
    if not uses_rq():  # an RQ worker run in burst leaves no registered worker, hence no heartbeat, behind
        assert report["tasks"]["last_activity_seconds"] < 60


def test_a_periodic_task_that_stopped_running_is_overdue(empty_queue):
    result = prune_task_results.enqueue()
    run_queued_tasks()
    backdate_task(result, timedelta(days=3))

    code, report = status("--json")
    assert code == 1
    age = report["periodic"][result.task.module_path]["last_run_seconds_ago"]
    assert 3 * 86400 <= age < 3 * 86400 + 60
    assert report["problems"] == [f"prune_task_results last ran {age} s ago (successful); it should run every 86400 s"]


def forget_task(result):
    """What the backend does with an old result: RQ drops a finished job after 500 s, pruning drops old rows."""
    if uses_rq():
        import django_rq
        from rq.job import Job

        Job.fetch(result.id, connection=django_rq.get_connection()).delete()
    else:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(id=result.id).delete()


def test_a_daily_task_is_overdue_even_after_the_backend_forgot_its_last_run(empty_queue):
    result = prune_task_results.enqueue()
    run_queued_tasks()
    forget_task(result)
    path = result.task.module_path

    code, report = status("--json")
    assert code == 0 and report["periodic"][path]["outcome"] == "successful"
    assert report["periodic"][path]["last_run_seconds_ago"] < 60

    PeriodicRun.objects.filter(task_path=path).update(enqueued_at=timezone.now() - timedelta(days=3))
    code, report = status("--json")
    age = report["periodic"][path]["last_run_seconds_ago"]
    assert code == 1 and 3 * 86400 <= age < 3 * 86400 + 60
    assert report["problems"] == [f"prune_task_results last ran {age} s ago (successful); it should run every 86400 s"]


def test_a_mailing_in_progress_and_one_whose_tasks_went_quiet(empty_queue):
    make_supporters(3)
    mailing = start_mailing(Mailing.objects.create(subject="Four days left", body="Please sign.",
                                                   segment=Segment.objects.create(name="Everyone")))

    code, report = status("--json")
    going = report["mailings"]["mailings"]
    assert [(m["id"], m["status"], m["sent"], m["remaining"], m["total"]) for m in going] == [
        (mailing.pk, "sending", 0, 3, 3)]
    assert going[0]["last_sign_of_life_seconds"] < 60

    Mailing.objects.filter(pk=mailing.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=11))
    code, report = status("--json")
    # Only the mailing's own problem is this test's: saving the models may also have queued Wagtail's reference
    # index tasks (once the admin has registered them), which no worker here runs.
    assert code == 1 and [problem for problem in report["problems"] if problem.startswith("Mailing")] == [
        f"Mailing {mailing.pk} “Four days left” is sending but its tasks have been quiet for "
        f"{report['mailings']['mailings'][0]['last_sign_of_life_seconds']} s"]


def test_a_superuser_reads_the_same_report_under_settings(staff, empty_queue):
    queue_mail("farah@example.org", "Your signature", "Please confirm.")
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=20))

    menu = staff.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("clarion_status") in menu
    page = staff.get(reverse("clarion_status"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Needs attention" in text and "Mail waiting to be sent: 1, the oldest for" in text
    assert "Outbox" in text and "by status: pending 1" in text and "Periodic tasks" in text


def test_an_editor_is_not_shown_the_status_page(client, django_user_model, empty_queue):
    editor = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    assert reverse("clarion_status") not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(reverse("clarion_status")).status_code == 403
