"""Delivery runs in rounds that drain the outbox, woken by new mail and swept by the scheduler.

One task per message would cost a second write (the task row) per signature and a task run per message; a
round sends every due message over one connection instead. New mail wakes a round unless one was woken in the
last WAKE_SECONDS by this process (or, with Redis, by any process); a round forgets the wake when it starts, so
mail committed while it runs wakes the next one. Whatever a lost wake leaves behind (Redis down, say), the
scheduler's sweep (CLARION_MAIL_SWEEP_INTERVAL) sends, and retries wait there for their time.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django_tasks import task

from clarion.core import outage
from clarion.mail import delivery

WAKE_KEY = "clarion:mail:wake"
WAKE_SECONDS = 1


def wake_delivery():
    if not cache.add(WAKE_KEY, 1, WAKE_SECONDS) or outage.redis_down():
        return
    try:
        deliver_due_mail.enqueue()
    except outage.ERRORS as error:  # the queue is down: the mail is in the outbox, and the sweep sends it
        outage.failed(error, "queue")


@task()
def deliver_due_mail():
    """Send every due message, for at most CLARION_MAIL_ROUND_SECONDS; then leave the rest to the next round."""
    cache.delete(WAKE_KEY)
    deadline = time.monotonic() + settings.CLARION_MAIL_ROUND_SECONDS
    sent = 0
    with delivery.open_connection() as connection:
        while time.monotonic() < deadline:
            due = delivery.due_messages(limit=200)
            if not due:
                return sent
            for pk in due:
                outcome = delivery.deliver(pk, connection)
                if outcome == delivery.SERVER_TROUBLE:
                    return sent  # the rest would fail the same way: the next round (a wake-up or the sweep) tries
                sent += outcome == delivery.SENT
                if time.monotonic() >= deadline:
                    break
    # Out of time with mail still due: the next round starts at once, after whatever else waits in the queue.
    deliver_due_mail.enqueue()
    return sent
