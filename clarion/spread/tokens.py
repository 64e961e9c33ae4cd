"""Sealed links for one signer or one invitee: nothing stored, and nothing readable in them (no id, no
referral code). The signer's links expire; an expired one can still name its owner, to send them a fresh one."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from clarion.core.sealed import seal, unseal
from clarion.spread import conf

SIGNER = "clarion.spread.signer"
IMPACT = "clarion.spread.impact"
NEVER = "clarion.spread.never"
# Invitations mailed before links were sealed carry a readable signed id: their opt-out must still work.
LEGACY_NEVER_SALT = "clarion.spread.never"
DAY = 86400


def signer_token(signature):
    return seal(signature.pk, SIGNER)


def read_signer_token(token):
    """The signature id; raises signing.BadSignature, or SignatureExpired for a genuine but old link."""
    return unseal(token, SIGNER, max_age=conf.get("CLARION_SIGNER_LINK_DAYS") * DAY)


def thanks_path(signature):
    """The private thank-you page: the share step and the invitation form for this signer."""
    return reverse("spread:thanks_signer", args=[signature.petition_id, signer_token(signature)])


def thanks_url(signature):
    """The private thank-you page, absolute, as e-mails carry it."""
    return settings.CLARION_BASE_URL + thanks_path(signature)


def impact_token(supporter):
    return seal(supporter.pk, IMPACT)


def read_impact_token(token):
    """The supporter id; raises signing.BadSignature, or SignatureExpired for a genuine but old link."""
    return unseal(token, IMPACT, max_age=conf.get("CLARION_IMPACT_LINK_DAYS") * DAY)


def impact_url(supporter):
    return settings.CLARION_BASE_URL + reverse("spread:impact", args=[impact_token(supporter)])


def read_expired(token, purpose):
    """The id in a genuine link of any age (only to mail its owner a fresh one); raises BadSignature."""
    return unseal(token, purpose)


def never_token(invitation):
    return seal(invitation.pk, NEVER)


def read_never_token(token):
    """The invitation id; an opt-out link keeps working as long as its invitation is known."""
    try:
        return unseal(token, NEVER)
    except signing.BadSignature:
        return signing.loads(token, salt=LEGACY_NEVER_SALT)


def never_url(invitation):
    """The one-click "never e-mail me again" link (also the List-Unsubscribe target)."""
    return settings.CLARION_BASE_URL + reverse("spread:never", args=[never_token(invitation)])
