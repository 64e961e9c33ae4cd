"""Spreading settings an operator may change (environment variables; tests override with `settings`)."""

from django.conf import settings

from clarion.config import env


def _int(name, default):
    try:
        return int(env(name, str(default)) or default)
    except ValueError:
        return default


DEFAULTS = {
    # Addresses one invitation form may carry.
    "CLARION_INVITE_MAX_PER_REQUEST": _int("CLARION_INVITE_MAX_PER_REQUEST", 10),
    # Invitations one signer, one IP address and the whole site may send in 24 hours.
    "CLARION_INVITE_MAX_PER_SIGNER": _int("CLARION_INVITE_MAX_PER_SIGNER", 25),
    "CLARION_INVITE_MAX_PER_IP": _int("CLARION_INVITE_MAX_PER_IP", 50),
    "CLARION_INVITE_MAX_PER_DAY": _int("CLARION_INVITE_MAX_PER_DAY", 5000),
    # An address invited (to any petition) this recently is not invited again.
    "CLARION_INVITE_REPEAT_DAYS": _int("CLARION_INVITE_REPEAT_DAYS", 30),
    "CLARION_INVITE_NOTE_MAX": _int("CLARION_INVITE_NOTE_MAX", 300),
    # How long the private thank-you link (share step and invitations) keeps working.
    "CLARION_SIGNER_LINK_DAYS": _int("CLARION_SIGNER_LINK_DAYS", 90),
    # How long the private impact link keeps working; an expired one offers a fresh link by e-mail.
    "CLARION_IMPACT_LINK_DAYS": _int("CLARION_IMPACT_LINK_DAYS", 90),
    # Fresh-link e-mails one supporter may be sent in 24 hours (asked for from an expired link).
    "CLARION_FRESH_LINKS_PER_DAY": _int("CLARION_FRESH_LINKS_PER_DAY", 2),
    # Days an invitee's name and address, the note and the sender's IP key are kept (then only keyed hashes).
    "CLARION_INVITE_RETENTION_DAYS": _int("CLARION_INVITE_RETENTION_DAYS", 30),
}
# The per-IP limit counts a day of invitations by their IP key: it must outlive that day.
MINIMUM = {"CLARION_INVITE_RETENTION_DAYS": 1}


def get(name):
    return max(getattr(settings, name, DEFAULTS[name]), MINIMUM.get(name, 0))
