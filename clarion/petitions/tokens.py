"""Signed, expiring links: nothing is stored, nothing can be guessed or altered."""

from django.core import signing

CONFIRM_SALT = "clarion.petitions.confirm"


def confirmation_token(signature):
    return signing.dumps(signature.pk, salt=CONFIRM_SALT, compress=True)


def read_confirmation_token(token, max_age_seconds):
    """The signature id in a token; raises signing.BadSignature (or SignatureExpired, its subclass)."""
    return signing.loads(token, salt=CONFIRM_SALT, max_age=max_age_seconds)
