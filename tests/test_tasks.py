"""Wagtail's own tasks and Clarion's run through the one TASKS setting and the one worker.

Runs the real commands in separate processes against a database file of its own, as `make run` does:
a page is published (Wagtail enqueues its reference-index task), a Clarion task is enqueued, then
`db_worker --batch` runs every queued task and exits.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PUBLISH_AND_ENQUEUE = """
import json
from wagtail.models import Page
from clarion.pages.models import HomePage
from clarion.core.tasks import publish_scheduled_content
home = HomePage(title="Tasks proof", slug="tasks-proof")
Page.get_first_root_node().add_child(instance=home)
home.save_revision().publish()
result = publish_scheduled_content.enqueue()
print(json.dumps({"ours": result.id}))
"""

REPORT = """
import json
from django_tasks_db.models import DBTaskResult
print(json.dumps([[r.task_path, r.status, r.backend_name] for r in DBTaskResult.objects.order_by("enqueued_at")]))
"""


def _manage(env, *args, stdin=None):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, input=stdin,
        capture_output=True, text=True, timeout=300, check=True,
    )


@pytest.fixture
def separate_database(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clarion.settings",
        "CLARION_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tasks.sqlite3'}",
        "LOG_LEVEL": "WARNING",
    }
    _manage(env, "migrate", "--noinput", "-v0")
    return env


def test_page_publishing_and_our_task_run_through_one_worker(separate_database):
    env = separate_database
    ours = json.loads(_manage(env, "shell", "-c", PUBLISH_AND_ENQUEUE).stdout.strip().splitlines()[-1])["ours"]

    queued = json.loads(_manage(env, "shell", "-c", REPORT).stdout.strip().splitlines()[-1])
    paths = [path for path, _status, _backend in queued]
    assert any(path.startswith("wagtail.") for path in paths), paths
    assert "clarion.core.tasks.publish_scheduled_content" in paths
    assert {backend for _path, _status, backend in queued} == {"default"}
    assert {status for _path, status, _backend in queued} == {"READY"}

    _manage(env, "db_worker", "--batch", "--no-startup-delay")

    done = json.loads(_manage(env, "shell", "-c", REPORT).stdout.strip().splitlines()[-1])
    assert len(done) == len(queued)
    assert {status for _path, status, _backend in done} == {"SUCCESSFUL"}, done
    assert ours
