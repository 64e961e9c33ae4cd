"""Sealed links that act for a supporter without a login: preferences, one-click unsubscribe, sign-up confirmation.

Every token is sealed (clarion.core.sealed): encrypted as well as signed, so a link, a log line or a forwarded
mail reveals no id, code, address or name. Nothing is stored for a link.

A preferences link names the supporter, their token version and when it was issued. An opt-out (and erasure)
bumps the version: links mailed before it can still lower what we send, never raise it or reach the data; a
link older than CLARION_SUPPORTERS_CHANGE_LINK_DAYS can only lower what we send too. See `Link`.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from clarion.core.sealed import seal, unseal
from clarion.supporters import conf
from clarion.supporters.models import Supporter

PREFERENCES_PURPOSE = "clarion.supporters.preferences"
SIGNUP_PURPOSE = "clarion.supporters.signup"
NOTICE_SALT = "clarion.supporters.notice"
# Links mailed before tokens were sealed: readable Django signatures naming the referral code.
LEGACY_PREFERENCES_SALT = "clarion.supporters.preferences"
# A version no supporter has: what a legacy link is treated as (it may only lower what we send).
NO_VERSION = -1


def preferences_token(supporter, issued_at=None):
    """`issued_at` (a Unix time) keeps the age of the link a new one replaces, so replacing never rejuvenates."""
    return seal([supporter.pk, supporter.token_version, int(issued_at or time.time())], PREFERENCES_PURPOSE)


def read_preferences_token(token):
    """(supporter id, token version, issued at) a token names; raises signing.BadSignature."""
    value = unseal(token, PREFERENCES_PURPOSE)
    if not (isinstance(value, list) and len(value) == 3 and all(type(part) is int for part in value)):
        raise signing.BadSignature("unexpected payload")
    return tuple(value)


def preferences_url(supporter):
    """Absolute link to the supporter's preferences page (also the visible unsubscribe link in mailings)."""
    return settings.CLARION_BASE_URL + reverse("supporters:preferences", args=[preferences_token(supporter)])


def unsubscribe_url(supporter):
    """Absolute RFC 8058 one-click target for the List-Unsubscribe header (POST unsubscribes)."""
    return settings.CLARION_BASE_URL + reverse("supporters:unsubscribe", args=[preferences_token(supporter)])


@dataclass
class Link:
    """A genuine preferences link (`problem` is "") or why it is none: "invalid" (400) or "gone" (410)."""

    supporter: Supporter | None
    problem: str = ""
    version: int = NO_VERSION
    issued_at: int = 0

    @property
    def status(self):
        return 400 if self.problem == "invalid" else 410

    def refusal(self, max_age_days):
        """Why this link may not raise what we send or reach the data: "replaced" (mailed before an opt-out),
        "expired" (older than `max_age_days`), or "" when it may. Lowering what we send needs no more than a
        genuine link."""
        if self.problem:
            return self.problem
        if self.version != self.supporter.token_version:
            return "replaced"
        if time.time() - self.issued_at > max_age_days * 86400:
            return "expired"
        return ""

    def change_refusal(self):
        """Why this link may not ask to subscribe again ("" when it may)."""
        return self.refusal(conf.change_link_days())

    def data_refusal(self):
        """Why this link may not download or erase data ("" when it may): that asks for a recent link."""
        return self.refusal(min(conf.data_link_days(), conf.change_link_days()))


def read_link(token):
    """The supporter a preferences link acts for, or why it cannot act for anyone."""
    try:
        pk, version, issued_at = read_preferences_token(token)
    except signing.BadSignature:
        return _legacy_link(token)
    supporter = Supporter.objects.filter(pk=pk).first()
    if supporter is None or supporter.erased_at:
        return Link(None, "gone")
    return Link(supporter, version=version, issued_at=issued_at)


def _legacy_link(token):
    """A link from a mail sent before tokens were sealed: it still unsubscribes (RFC 8058), nothing more."""
    try:
        value = signing.loads(token, salt=LEGACY_PREFERENCES_SALT)
    except signing.BadSignature:
        return Link(None, "invalid")
    code = value if isinstance(value, str) else value[0] if isinstance(value, list) and value else None
    if not isinstance(code, str):
        return Link(None, "invalid")
    supporter = Supporter.objects.filter(referral_code=code).first()
    if supporter is None or supporter.erased_at:
        return Link(None, "gone")
    return Link(supporter)


def signup_token(*, email, name, language, digest, channel="signup"):
    """Everything a sign-up needs, sealed into its confirmation link until the address owner follows it.

    The precise time it was sent lets an opt-out made a moment later win over it (see actions.confirm_signup).
    """
    return seal({"e": email, "n": name, "l": language, "d": digest, "c": channel, "t": time.time()}, SIGNUP_PURPOSE)


def read_signup_token(token):
    """The sign-up a confirmation link carries; raises signing.BadSignature (or SignatureExpired)."""
    value = unseal(token, SIGNUP_PURPOSE, max_age=conf.signup_confirm_days() * 86400)
    if not (isinstance(value, dict) and {"e", "n", "l", "d", "c", "t"} <= value.keys()):
        raise signing.BadSignature("unexpected payload")
    return value


def notice_token(text):
    """The consent wording a sign-up form shows, signed (not sealed: the words are on the page) and the same at
    every render, so a kept page stays right and the version can be stored when someone signs up."""
    return signing.Signer(salt=NOTICE_SALT).sign_object(str(text), compress=True)


def read_notice_token(token):
    """The wording a form showed; raises signing.BadSignature. Forms rendered before the token lost its
    timestamp (which made two renders in different seconds differ) carry a timestamped one, still read."""
    if token.count(":") == 2:  # payload:timestamp:signature, the older form
        text = signing.loads(token, salt=NOTICE_SALT)
    else:
        text = signing.Signer(salt=NOTICE_SALT).unsign_object(token)
    if not isinstance(text, str):
        raise signing.BadSignature("unexpected payload")
    return text
