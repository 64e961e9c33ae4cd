from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from clarion.mail import delivery


@task()
def deliver_message(pk):
    delay = delivery.deliver(pk)
    if delay is not None:
        deliver_message.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(pk)


@task()
def deliver_due_mail():
    """Sweep for messages whose delivery task was lost (a crash between commit and enqueue)."""
    for pk in delivery.due_messages():
        delivery.deliver(pk)
