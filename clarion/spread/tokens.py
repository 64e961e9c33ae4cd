"""Signed links for one signer or one invitee: nothing stored, nothing guessable from ids."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from clarion.spread import conf

SIGNER_SALT = "clarion.spread.signer"
IMPACT_SALT = "clarion.spread.impact"
NEVER_SALT = "clarion.spread.never"


def signer_token(signature):
    return signing.dumps(signature.pk, salt=SIGNER_SALT, compress=True)


def read_signer_token(token):
    """The signature id; raises signing.BadSignature (or SignatureExpired) for a bad or old link."""
    return signing.loads(token, salt=SIGNER_SALT, max_age=conf.get("CLARION_SIGNER_LINK_DAYS") * 86400)


def thanks_path(signature):
    """The private thank-you page: the share step and the invitation form for this signer."""
    return reverse("petitions:thanks_signer", args=[signature.petition_id, signer_token(signature)])


def impact_token(supporter):
    return signing.dumps(supporter.referral_code, salt=IMPACT_SALT)


def read_impact_token(token):
    return signing.loads(token, salt=IMPACT_SALT)


def impact_url(supporter):
    return settings.CLARION_BASE_URL + reverse("spread:impact", args=[impact_token(supporter)])


def never_token(invitation):
    return signing.dumps(invitation.pk, salt=NEVER_SALT, compress=True)


def read_never_token(token):
    return signing.loads(token, salt=NEVER_SALT)


def never_url(invitation):
    """The one-click "never e-mail me again" link (also the List-Unsubscribe target)."""
    return settings.CLARION_BASE_URL + reverse("spread:never", args=[never_token(invitation)])
