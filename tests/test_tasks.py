"""Wagtail's own tasks and Clarion's run through the one TASKS setting and the one worker.

Runs the real commands in separate processes against a database of its own, as `make run` does: a page
is published (Wagtail enqueues its reference-index task), a Clarion task is enqueued, then the configured
worker (db_worker, or rqworker when REDIS_URL selects the scale-out set-up) runs every queued task.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent

PUBLISH_AND_ENQUEUE = """
import json
from django_tasks.signals import task_enqueued
from wagtail.models import Page
from clarion.pages.models import HomePage
from clarion.core.tasks import publish_scheduled_content
enqueued = []
task_enqueued.connect(lambda sender, task_result, **kw: enqueued.append(task_result), weak=False)
home = HomePage(title="Tasks proof", slug="tasks-proof")
Page.get_first_root_node().add_child(instance=home)
home.save_revision().publish()
publish_scheduled_content.enqueue()
print(json.dumps([[r.id, r.task.module_path, r.backend] for r in enqueued]))
"""

REPORT = """
import json
from django_tasks import default_task_backend
ids = json.loads({ids!r})
print(json.dumps([default_task_backend.get_result(i).status for i in ids]))
"""


def _manage(env, *args):
    """Run a management command; return the last line it printed."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=300, check=True,
    )
    return (done.stdout.strip().splitlines() or [""])[-1]


@pytest.fixture
def separate_database():
    """A database of its own, of the configured kind: a SQLite file, or a new PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield None
        return
    import psycopg

    name = f"clarion_tasks_{uuid.uuid4().hex[:12]}"
    server = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield urlsplit(url)._replace(path=f"/{name}").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def separate_site(tmp_path, separate_database):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clarion.settings", "CLARION_DATA_DIR": str(tmp_path),
           "LOG_LEVEL": "WARNING", "DATABASE_URL": separate_database or f"sqlite:///{tmp_path / 'tasks.sqlite3'}"}
    if env.get("REDIS_URL"):
        subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "flushdb"], check=True, capture_output=True)
    _manage(env, "migrate", "--noinput", "-v0")
    return env


def _worker_command(env):
    if env.get("REDIS_URL"):
        return ["rqworker", "--job-class", "django_tasks_rq.Job", "--burst", "default"]
    return ["db_worker", "--batch", "--no-startup-delay"]


def test_page_publishing_and_our_task_run_through_one_worker(separate_site):
    env = separate_site
    enqueued = json.loads(_manage(env, "shell", "-c", PUBLISH_AND_ENQUEUE))
    paths = [path for _id, path, _backend in enqueued]
    assert any(path.startswith("wagtail.") for path in paths), paths
    assert "clarion.core.tasks.publish_scheduled_content" in paths
    assert {backend for _id, _path, backend in enqueued} == {"default"}

    ids = json.dumps([result_id for result_id, _path, _backend in enqueued])
    assert set(json.loads(_manage(env, "shell", "-c", REPORT.format(ids=ids)))) == {"READY"}

    _manage(env, *_worker_command(env))

    assert set(json.loads(_manage(env, "shell", "-c", REPORT.format(ids=ids)))) == {"SUCCESSFUL"}
