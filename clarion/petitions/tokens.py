"""Confirmation links: sealed (encrypted and signed), so a link names no signature id, petition or address,
cannot be altered or forged, and expires after the confirmation period."""

from django.core import signing

from clarion.core.sealed import seal, unseal

PURPOSE = "clarion.petitions.confirm"
# Links mailed before links were sealed carry a readable id; they work until their confirmation period ends.
LEGACY_SALT = "clarion.petitions.confirm"


def confirmation_token(signature):
    # The petition rides along so a link whose entry was dropped can still say which petition it was for.
    return seal([signature.pk, signature.petition_id], PURPOSE)


def read_confirmation_token(token, max_age_seconds):
    """(signature id, petition id or None) a token names; raises signing.BadSignature (or SignatureExpired)."""
    try:
        value = unseal(token, PURPOSE, max_age=max_age_seconds)
    except signing.SignatureExpired:
        raise
    except signing.BadSignature:
        value = [signing.loads(token, salt=LEGACY_SALT, max_age=max_age_seconds), None]
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)
            and isinstance(value[1], int | None)):
        raise signing.BadSignature("unexpected payload")
    return value[0], value[1]
