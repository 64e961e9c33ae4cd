from django_tasks import task

from clarion.delivery.build import build


@task()
def build_pack(pack_id):
    """Build one delivery pack (queued by clarion.delivery.actions.request_pack or retry_pack)."""
    return build(pack_id)
