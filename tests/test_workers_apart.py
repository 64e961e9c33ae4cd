"""Test workers keep apart: each pytest-xdist worker has its own data folder and Redis database.

Both workers inherit one CLARION_DATA_DIR from pytest's controller; when they shared it, a delivery pack built as
pack 1 on one worker had its half-built folder swept away as a stale leftover by the other worker's pack 1 (a CI
failure). A process a test starts (the task worker, manage.py serve) must keep its worker's choice, not move again.
"""

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = ("import json, os; import tests.settings as s; "
         "print(json.dumps({'data': str(s.DATA_DIR), 'redis': os.environ.get('REDIS_URL'), 'env': dict(os.environ)}))")


def _settings_in(env):
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120,
                          cwd=settings.BASE_DIR, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _environment(tmp_path, worker):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CLARION_", "PYTEST_"))}
    env.update(CLARION_DATA_DIR=str(tmp_path), REDIS_URL="redis://127.0.0.1:6379/15", PYTEST_XDIST_WORKER=worker)
    return env


def test_each_worker_has_a_data_folder_and_redis_database_of_its_own(tmp_path):
    first = _settings_in(_environment(tmp_path, "gw0"))
    second = _settings_in(_environment(tmp_path, "gw1"))
    assert first["data"] == str(tmp_path / "gw0")
    assert second["data"] == str(tmp_path / "gw1")
    assert (first["redis"], second["redis"]) == ("redis://127.0.0.1:6379/15", "redis://127.0.0.1:6379/13")


def test_a_process_a_test_starts_keeps_its_workers_choice(tmp_path):
    parent = _settings_in(_environment(tmp_path, "gw1"))
    child = _settings_in(parent["env"])
    assert child["data"] == parent["data"] == str(tmp_path / "gw1")
    assert child["redis"] == parent["redis"] == "redis://127.0.0.1:6379/13"


def test_one_process_runs_keep_the_folder_they_were_given(tmp_path):
    env = _environment(tmp_path, "")
    assert _settings_in(env)["data"] == str(tmp_path)
