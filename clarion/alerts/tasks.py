from django_tasks import task

from clarion.alerts import actions
from clarion.alerts.sending import send_mailing  # noqa: F401  (senders queued under this path before it moved)


@task()
def run_mailings():
    """Periodic: start scheduled mailings that are due."""
    actions.start_due_mailings()


@task()
def restart_stalled_senders():
    """Periodic, every quarter lease: mailings whose senders went quiet for a lease (their worker died) get fresh
    ones, so a crash costs seconds."""
    actions.restart_stalled_mailings()
