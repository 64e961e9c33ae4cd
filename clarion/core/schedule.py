"""Periodic work, enqueued through the one TASKS backend so any worker on any host can run it."""

from clarion.core.tasks import publish_scheduled_content
from clarion.mail.tasks import deliver_due_mail

PERIODIC_TASKS = [publish_scheduled_content, deliver_due_mail]


def enqueue_periodic_tasks():
    return [periodic.enqueue() for periodic in PERIODIC_TASKS]
