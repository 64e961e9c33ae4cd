from django_tasks import task

from clarion.alerts import actions
from clarion.alerts.sending import send_mailing  # noqa: F401  (senders queued under this path before it moved)


@task()
def run_mailings():
    """Periodic: start scheduled mailings that are due and restart sending whose workers went quiet."""
    actions.start_due_mailings()
    actions.restart_stalled_mailings()
