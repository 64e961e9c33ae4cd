"""The mail app's scheduled work. The delivery rounds live in rounds.py, which actions may import to wake them;
this module imports the actions, so nothing below it imports it back."""

from django_tasks import task

from clarion.mail import actions
from clarion.mail.rounds import deliver_due_mail  # noqa: F401  (rounds queued under this path before it moved)


@task()
def purge_old_mail():
    """The outbox's retention rule (CLARION_MAIL_RETENTION_DAYS), once a day."""
    return actions.purge_expired_mail(acting_user=None)
