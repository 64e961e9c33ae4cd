from django_tasks import task

from clarion.spread import actions


@task()
def send_invitations():
    """Woken by each invitation request; the scheduler's sweep sends whatever a lost wake-up left waiting."""
    return actions.send_pending_invitations()


@task()
def purge_invitation_data():
    """The retention rule for invitations (CLARION_INVITE_RETENTION_DAYS), once a day."""
    return actions.purge_expired_invitation_data()
