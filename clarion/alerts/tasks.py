from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from clarion.alerts import actions, conf, sending

# After the SMTP server refused to talk, wait this long before the next try.
RETRY_SECONDS = 30


@task()
def send_mailing(mailing_id):
    """One sender: send batches for a few minutes, then hand over to a fresh task (RQ jobs have a timeout)."""
    outcome = sending.send_for_a_while(mailing_id, conf.task_seconds())
    if outcome == "continue":
        send_mailing.enqueue(mailing_id)
    elif outcome == "retry":
        send_mailing.using(run_after=timezone.now() + timedelta(seconds=RETRY_SECONDS)).enqueue(mailing_id)


@task()
def run_mailings():
    """Periodic: start scheduled mailings that are due and restart sending whose workers went quiet."""
    actions.start_due_mailings()
    actions.restart_stalled_mailings()
