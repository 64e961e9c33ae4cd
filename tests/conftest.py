import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make beside it
# are ordinary synchronous calls, so Django's async-safety guard is lifted for the test process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.browser", "tests.mailserver"]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """The migrations' data (Wagtail's root page, locale, collection) that serialized rollback restores."""
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (a shared Redis would otherwise carry counts across tests) and with
    nothing kept in this process's memory."""
    from django.core.cache import cache

    from clarion.core import memo

    cache.clear()
    memo.clear_all()


def run_queued_tasks():
    """Run every queued task in this process with the configured worker, then return."""
    from django.conf import settings
    from django.core.management import call_command

    if settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
        from unittest import mock

        # SimpleWorker runs jobs in this process, so they see the test's database connection; the command
        # would close that connection first (it expects to fork), ending the test's transaction.
        with mock.patch("django_rq.management.commands.rqworker.reset_db_connections"):
            call_command("rqworker", "default", burst=True, job_class="django_tasks_rq.Job",
                         worker_class="rq.worker.SimpleWorker", verbosity=0)
    else:
        from unittest import mock

        # The worker drops connections between tasks, which would end the test's own transaction.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


@pytest.fixture
def enqueued():
    """Every task result enqueued through the configured TASKS backend (database or Redis), in order."""
    from django_tasks.signals import task_enqueued

    results = []

    def record(sender, task_result, **kwargs):
        results.append(task_result)

    task_enqueued.connect(record)
    yield results
    task_enqueued.disconnect(record)


@pytest.fixture
def demo(db):
    """The demo campaign, as `make run` loads it."""
    from clarion.demo.build import build_demo

    return build_demo()


@pytest.fixture(scope="session")
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_sessionstart(session):
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS, ignore_errors=True)


@pytest.fixture
def wsgi():
    """A request through the application gunicorn serves (clarion.wsgi), fronts included, which Django's test
    client bypasses: `wsgi(method, path, body=b"", **environ)` returns (status, headers, body)."""
    import io

    from django.core import signals
    from django.db import close_old_connections

    from clarion.wsgi import application

    # As Django's test client does: the test's transaction must outlive each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)

    def call(method, path, body=b"", **extra):
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
                   "SERVER_PORT": "80", "HTTP_HOST": "testserver", "wsgi.url_scheme": "http",
                   "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)), "wsgi.errors": io.StringIO(),
                   "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", **extra}
        answer = {}
        content = b"".join(application(environ, lambda status, headers: answer.update(status=status,
                                                                                     headers=dict(headers))))
        return answer["status"], answer["headers"], content

    yield call
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
