"""The webhooks app's scheduled work (delivery rounds live in rounds.py)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from clarion.webhooks import closing
from clarion.webhooks.models import Event, EventType

KEEP_EVENTS = timedelta(days=30)


@task()
def announce_closed_petitions():
    return closing.announce_closed()


@task()
def forget_old_events():
    """Events and their delivery log are kept a month: long enough to see what an endpoint missed, no longer
    than needed for the personal data some of them carry. Closing announcements stay (they say "done once")."""
    old = Event.objects.filter(created__lt=timezone.now() - KEEP_EVENTS).exclude(type=EventType.PETITION_CLOSED)
    return old.delete()[0]
