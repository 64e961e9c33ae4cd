from django_tasks import task

from clarion.supporters import actions, conf, gdpr


@task()
def erase_expired_supporters():
    """The retention rule (see conf.retention_months), a batch a day."""
    due = list(gdpr.due_for_erasure().order_by("pk")[: conf.retention_batch()])
    for supporter in due:
        actions.erase_supporter(supporter, how="retention")
    return len(due)

