"""Files sent with a message, kept in the data folder and read when it is sent: the outbox row holds only their
place (a pack of names is not copied into the database, and a file deleted meanwhile is not sent)."""

import mimetypes
from pathlib import Path

from django.conf import settings


class Gone(Exception):
    """An attached file cannot be sent: deleted since (its pack was), or not in the data folder (a row altered by
    hand): the message is no longer wanted."""


def _inside_data_folder(path):
    root = Path(settings.DATA_DIR).resolve()
    full = (root / path).resolve()
    if root not in full.parents:
        raise ValueError(f"An attachment must lie in the data folder: {path}")
    return root, full


def describe(paths):
    """[{"path", "name", "type"}] for files given by absolute path or path relative to the data folder."""
    described = []
    for path in paths:
        root, full = _inside_data_folder(path)
        kind = mimetypes.guess_type(full.name)[0] or "application/octet-stream"
        described.append({"path": str(full.relative_to(root)), "name": full.name, "type": kind})
    return described


def attach(email, attachments):
    """Add each file to the EmailMessage; Gone when one was deleted after the message was queued."""
    for item in attachments:
        try:
            _root, full = _inside_data_folder(item["path"])
            content = full.read_bytes()
        except (FileNotFoundError, ValueError) as missing:
            raise Gone(item["name"]) from missing
        email.attach(item["name"], content, item["type"])


def total_size(paths):
    return sum(Path(path).stat().st_size for path in paths)
