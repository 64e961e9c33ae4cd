"""The scale-out site the fault tests run against: a real gunicorn (deploy/gunicorn.conf.py), RQ worker and
scheduler on a PostgreSQL database of the test's own (on the server at 127.0.0.1:5432) and a private
redis-server on a free loopback port, never the shared one; mail goes to the test's real SMTP sink.

A test module makes its fixture with `scale_out_stack(tmp_path, smtp_server, "name", WEB_CONCURRENCY="2")`.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from tests.fixtures.mail import _free_port

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432"
PYTHON = str(ROOT / ".venv/bin/python")
FORM = {"name": "Miriam Rezaei", "country": "DE", "postal_code": "", "comment": "", "website": "", "elapsed": "8000"}
# The real settings, with static files from the source folders: no collectstatic for a test.
SETTINGS = """
from clarion.settings import *
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""
SET_UP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.cached_db import SessionStore
from tests.petitions.conftest import make_petition
petition = make_petition()
editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "a long passphrase")
session = SessionStore()
session.update({SESSION_KEY: str(editor.pk), HASH_SESSION_KEY: editor.get_session_auth_hash(),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend"})
session.save()
print(json.dumps({"petition": petition.pk, "session": session.session_key}))
"""
TOKEN = """
from clarion.petitions.models import Signature
from clarion.petitions.tokens import confirmation_token
print(confirmation_token(Signature.objects.get(email="{email}")))
"""


def answers(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait(what, check, seconds):
    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, f"{what} within {seconds} s"
        time.sleep(0.2)


class Stack:
    """The processes of one scale-out site, each in its own process group, all stopped at the end."""

    def __init__(self, folder, env):
        self.folder, self.env, self.running = folder, env, {}

    def manage(self, *args, timeout=300):
        done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
                              timeout=timeout)
        assert done.returncode == 0, f"manage.py {args[0]}\n{done.stdout}\n{done.stderr}"
        return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""

    def start(self, name, command):
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.running[name] = (process, log)

    def pid(self, name):
        return self.running[name][0].pid

    def alive(self, name):
        return self.running[name][0].poll() is None

    def stop(self, name):
        process, log = self.running.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()

    def log(self, name):
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def stop_all(self):
        for name in list(self.running):
            self.stop(name)

    def row(self, sql, *args):
        import psycopg

        with psycopg.connect(self.db) as connection:
            return connection.execute(sql, args).fetchone()


@contextmanager
def scale_out_stack(tmp_path, smtp_server, label, server=SERVER, **overrides):
    """Create the database on `server` (the shared one, or a private cluster a test owns), start Redis, migrate,
    make a petition and an editor's session (`stack.made`), start web, worker and scheduler; yield the Stack;
    stop everything and drop the database at the end."""
    if server == SERVER and subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode:
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432 (the scale-out fault tests run on it)")
    assert shutil.which("redis-server"), "redis-server is required (CI installs it)"
    import psycopg

    name = f"clarion_{label}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    (tmp_path / "outage_settings.py").write_text(SETTINGS)
    redis_port, web_port = _free_port(), _free_port()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "CLARION_", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="outage_settings", PYTHONPATH=f"{tmp_path}:{ROOT}",
               DATABASE_URL=f"{server}/{name}", REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
               EMAIL_URL=f"smtp://127.0.0.1:{smtp_server.port}", CLARION_BASE_URL=f"http://127.0.0.1:{web_port}",
               CLARION_BIND=f"127.0.0.1:{web_port}", SECRET_KEY=secrets.token_urlsafe(50),
               CLARION_DATA_DIR=str(tmp_path / "data"), WEB_CONCURRENCY="1", LOG_LEVEL="WARNING",
               CLARION_MAIL_SWEEP_INTERVAL="1", CLARION_COUNT_INTERVAL="1", CLARION_PAGE_CACHE_SECONDS="5")
    env.update(overrides)
    stack = Stack(tmp_path, env)
    stack.redis = ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "", "--appendonly",
                   "no", "--dir", str(tmp_path)]
    stack.redis_port, stack.web_port = redis_port, web_port
    stack.base, stack.db = f"http://127.0.0.1:{web_port}", f"{server}/{name}"
    try:
        stack.start("redis", stack.redis)
        stack.manage("migrate", "--noinput")
        stack.made = json.loads(stack.manage("shell", "-c", SET_UP))
        stack.start("web", [str(ROOT / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py", "clarion.wsgi"])
        stack.start("worker", [PYTHON, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job", "default"])
        stack.start("scheduler", [PYTHON, "manage.py", "run_scheduler"])
        yield stack
    finally:
        stack.stop_all()
        with suppress(psycopg.OperationalError), psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # a private cluster may be gone
