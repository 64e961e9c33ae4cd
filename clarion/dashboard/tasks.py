from django_tasks import task

from clarion.dashboard import actions


@task()
def roll_up_hourly_figures():
    return {"hours": actions.roll_up_figures()}
