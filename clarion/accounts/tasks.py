from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from django_tasks import task

# How often failed sign-ins past their cool-off are deleted (axes itself only cleans on the next sign-in).
SWEEP_SECONDS = 3600


@task()
def forget_old_sign_in_failures():
    """Delete failure records whose cool-off is over: they name a user and a client address."""
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=timezone.now() - settings.AXES_COOLOFF_TIME).delete()
    return deleted
