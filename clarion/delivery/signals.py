import shutil

from django.db import transaction


def remove_files_on_commit(pack):
    """The pack's folder goes once the change that drops it (deleted, withdrawn) is committed, never before."""
    directory = pack.directory
    transaction.on_commit(lambda: shutil.rmtree(directory, ignore_errors=True))


def remove_pack_files(sender, instance, **kwargs):
    """A deleted pack (or its petition's) takes its names with it, once the deletion is committed."""
    remove_files_on_commit(instance)
