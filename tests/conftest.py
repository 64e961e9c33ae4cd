import logging
import os

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make beside it
# are ordinary synchronous calls, so Django's async-safety guard is lifted for the test process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Fixtures every test directory shares, one concern a module (tests/fixtures/).
pytest_plugins = [
    "tests.fixtures.site", "tests.fixtures.campaign", "tests.fixtures.wsgi", "tests.fixtures.mail",
    "tests.fixtures.browser",
]


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
        # verbosity=0 sets the task loggers to CRITICAL for good; put them back, or every later test in this
        # process that reads what a task logs (an outage notice, a failure) finds nothing.
        loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
        levels = [logger.level for logger in loggers]
        try:
            with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
                call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)
