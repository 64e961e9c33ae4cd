"""Signed links that act for a supporter without a login: preferences and one-click unsubscribe."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

PREFERENCES_SALT = "clarion.supporters.preferences"


def preferences_token(supporter):
    return signing.dumps(supporter.referral_code, salt=PREFERENCES_SALT, compress=True)


def read_preferences_token(token, max_age_seconds=None):
    """The referral code a token names; raises signing.BadSignature (or SignatureExpired)."""
    return signing.loads(token, salt=PREFERENCES_SALT, max_age=max_age_seconds)


def preferences_url(supporter):
    """Absolute link to the supporter's preferences page (also the visible unsubscribe link in mailings)."""
    return settings.CLARION_BASE_URL + reverse("supporters:preferences", args=[preferences_token(supporter)])


def unsubscribe_url(supporter):
    """Absolute RFC 8058 one-click target for the List-Unsubscribe header (POST unsubscribes)."""
    return settings.CLARION_BASE_URL + reverse("supporters:unsubscribe", args=[preferences_token(supporter)])
