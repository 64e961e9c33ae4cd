import shutil

from django.db import transaction


def remove_pack_files(sender, instance, **kwargs):
    """A deleted pack (or its petition's) takes its names with it, once the deletion is committed."""
    directory = instance.directory
    transaction.on_commit(lambda: shutil.rmtree(directory, ignore_errors=True))
