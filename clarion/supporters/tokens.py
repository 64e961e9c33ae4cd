"""Signed links that act for a supporter without a login: preferences, one-click unsubscribe, sign-up confirmation.

Nothing is stored for a link. A preferences link names the supporter's referral code and token version; bumping
the version (on erasure or a renewed opt-in) retires every link mailed before, see `read_link`.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from clarion.supporters import conf
from clarion.supporters.models import Supporter

PREFERENCES_SALT = "clarion.supporters.preferences"
SIGNUP_SALT = "clarion.supporters.signup"


def preferences_token(supporter):
    return signing.dumps([supporter.referral_code, supporter.token_version], salt=PREFERENCES_SALT, compress=True)


def read_preferences_token(token, max_age_seconds=None):
    """(referral code, token version) a token names; raises signing.BadSignature (or SignatureExpired)."""
    value = signing.loads(token, salt=PREFERENCES_SALT, max_age=max_age_seconds)
    if isinstance(value, str):  # the first links carried the bare code: version 0
        return value, 0
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], int)):
        raise signing.BadSignature("unexpected payload")
    return value[0], value[1]


def preferences_url(supporter):
    """Absolute link to the supporter's preferences page (also the visible unsubscribe link in mailings)."""
    return settings.CLARION_BASE_URL + reverse("supporters:preferences", args=[preferences_token(supporter)])


def unsubscribe_url(supporter):
    """Absolute RFC 8058 one-click target for the List-Unsubscribe header (POST unsubscribes)."""
    return settings.CLARION_BASE_URL + reverse("supporters:unsubscribe", args=[preferences_token(supporter)])


@dataclass
class Link:
    """What a preferences link turned out to be: `problem` is "" when it may act for `supporter`."""

    supporter: Supporter | None
    problem: str = ""  # "invalid" (400), "gone", "replaced" or "expired" (410)

    @property
    def status(self):
        return 400 if self.problem == "invalid" else 410


def read_link(token, *, any_version=False, max_age_days=None):
    """The supporter a preferences link acts for, or why it cannot.

    `any_version`: unsubscribing only ever lowers what we send, so links from old mailings keep working.
    `max_age_days`: downloading or erasing data asks for a recent link; an older one is "expired".
    """
    try:
        code, version = read_preferences_token(token)
    except signing.BadSignature:
        return Link(None, "invalid")
    supporter = Supporter.objects.filter(referral_code=code).first()
    if supporter is None or supporter.erased_at:
        return Link(None, "gone")
    if version != supporter.token_version and not any_version:
        return Link(supporter, "replaced")
    if max_age_days is not None and not _younger_than(token, max_age_days):
        return Link(supporter, "expired")
    return Link(supporter)


def _younger_than(token, days):
    try:
        signing.loads(token, salt=PREFERENCES_SALT, max_age=days * 86400)
    except signing.SignatureExpired:
        return False
    return True


def signup_token(*, email, name, language, digest):
    """Everything a sign-up needs, carried in its confirmation link until the address owner follows it."""
    return signing.dumps({"e": email, "n": name, "l": language, "d": digest, "t": int(time.time())},
                         salt=SIGNUP_SALT, compress=True)


def read_signup_token(token):
    """The sign-up a confirmation link carries; raises signing.BadSignature (or SignatureExpired)."""
    value = signing.loads(token, salt=SIGNUP_SALT, max_age=conf.signup_confirm_days() * 86400)
    if not (isinstance(value, dict) and {"e", "n", "l", "d", "t"} <= value.keys()):
        raise signing.BadSignature("unexpected payload")
    return value
