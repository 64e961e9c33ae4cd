"""Test settings: the real settings, with a throw-away data folder and fast password hashing."""

import os
import tempfile

os.environ.setdefault("CLARION_DATA_DIR", tempfile.mkdtemp(prefix="clarion-test-"))
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else-0123456789")
# Under xdist each worker (gw0, gw1…) has its own test database, and so must have its own data folder and Redis
# database: the workers inherit one CLARION_DATA_DIR from the controller, and a pack built as pack 1 on one worker
# had its half-built folder swept away as a leftover by another worker's pack 1 (a CI failure). Redis databases
# 15, 13, 11…: tests/test_deploy.py uses 14. Processes a test starts (manage.py serve, the task worker) inherit
# what was chosen and must not move it again.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("CLARION_TEST_WORKER_SET") != _worker:
    os.environ["CLARION_TEST_WORKER_SET"] = _worker
    _folder = os.path.join(os.environ["CLARION_DATA_DIR"], _worker)
    os.makedirs(_folder, exist_ok=True)
    os.environ["CLARION_DATA_DIR"] = _folder
    _base, _slash, _number = os.environ.get("REDIS_URL", "").rpartition("/")
    if _number.isdigit():
        os.environ["REDIS_URL"] = f"{_base}/{int(_number) - 2 * int(_worker[2:])}"

from clarion.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests serve static files from the source folders; production uses the hashed, compressed copies.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared memory: the live server's threads then wait for SQLite's lock instead of failing.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
# Pages are rendered afresh for each request in tests; tests/test_page_cache.py turns the cache on.
CLARION_PAGE_CACHE_SECONDS = 0
