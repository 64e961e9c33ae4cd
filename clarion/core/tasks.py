from django.conf import settings
from django.core.management import call_command
from django_tasks import task

from clarion.core.runs import forget_old_heartbeats


@task()
def publish_scheduled_content():
    """Publish pages and modules whose go-live time has come and unpublish expired ones."""
    call_command("publish_scheduled")


@task()
def prune_task_results():
    """Periodic tasks leave a result row each run; keep a week of them (a month of failures) for operators."""
    forget_old_heartbeats()
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        call_command("prune_db_task_results", min_age_days=7, failed_min_age_days=30, verbosity=0)
