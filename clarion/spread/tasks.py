from django_tasks import task

from clarion.spread import actions
from clarion.spread.sending import send_invitations  # noqa: F401  (wake-ups queued under this path before it moved)


@task()
def purge_invitation_data():
    """The retention rule for invitations (CLARION_INVITE_RETENTION_DAYS), once a day."""
    return actions.purge_expired_invitation_data()
