from django_tasks import task

from clarion.accounts import actions

# How often failed sign-ins past their cool-off are deleted (axes itself only cleans on the next sign-in).
SWEEP_SECONDS = 3600


@task()
def forget_old_sign_in_failures():
    """Delete failure records whose cool-off is over: they name a user and a client address."""
    return actions.forget_old_sign_in_failures(acting_user=None)
