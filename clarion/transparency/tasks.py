from django_tasks import task

from clarion.transparency import receipts


@task()
def forget_receipt_secrets():
    return receipts.forget_secrets()
