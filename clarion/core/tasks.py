from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_content():
    """Publish pages and modules whose go-live time has come and unpublish expired ones."""
    call_command("publish_scheduled")
