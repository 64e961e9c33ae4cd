"""Stopping one petition's updates from the link in an update mailing: a sealed token names the signer and the
petition, so the link stops that petition's updates and nothing else (not the newsletter, not other petitions)."""

from django.core import signing

SALT = "clarion.alerts.petition-updates"


def updates_token(supporter_id, petition_id):
    # Compact and without expiry: a link in an old update must still stop the next one.
    return signing.dumps([supporter_id, petition_id], salt=SALT, compress=True)


def read_updates_token(token):
    """(supporter id, petition id), or None for a damaged or forged token."""
    try:
        supporter_id, petition_id = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not (isinstance(supporter_id, int) and isinstance(petition_id, int)):
        return None
    return supporter_id, petition_id
