"""Old personal data is dropped while counts stay intact. (Petitions open and close by their dates alone: see
PetitionPage.public_state.)"""

from datetime import timedelta

from django.utils import timezone

from clarion.petitions import dedupe
from clarion.petitions.fraud import petition_settings
from clarion.petitions.models import CommentState, Signature

# What an anonymised signature's address reads: the same for all, so it tells nothing apart.
ANONYMISED_EMAIL = "anonymised@anonymised.invalid"


def apply_privacy_rules(now=None):
    """Drop each signature's IP address a set time after it was made, whether or not its petition ever closes;
    anonymise whole identities a set time after each petition closed."""
    now = now or timezone.now()
    config = petition_settings()
    ip_cutoff = now - timedelta(days=config.ip_retention_days)
    dropped = Signature.objects.filter(created_at__lte=ip_cutoff, ip_address__isnull=False).update(ip_address=None)
    anonymise_cutoff = now - timedelta(days=30 * config.anonymise_months)
    anonymised = 0
    for signature in Signature.objects.filter(petition__closes_at__lte=anonymise_cutoff, anonymised_at__isnull=True):
        anonymised += anonymise(signature, now)
    return dropped, anonymised


def drop_unconfirmed_entries(now=None):
    """Delete entries nobody confirmed once their link can no longer work: an unconfirmed entry is what someone
    sent in an address's name, and may not be the owner's at all, so it is kept no longer than it can be used."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=petition_settings().confirmation_days + 1)
    deleted, _by_model = Signature.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return deleted


def anonymise(signature, now=None):
    """Remove who signed, keep that they signed (state, country, dates): the counts stay right.

    No address, domain, name or plain hash of any of them is kept. A confirmed signature keeps its keyed
    dedupe key, so the same address signing this petition again is told it already signed and never counts
    twice (see clarion.petitions.dedupe); without the hash key, that key identifies nobody. The link to the
    supporter goes too: otherwise "who signed" would still be one join away.
    """
    return Signature.objects.filter(pk=signature.pk, anonymised_at__isnull=True).update(
        name="", email=ANONYMISED_EMAIL, canonical_email="", email_domain="",
        dedupe_key=dedupe.anonymised_key(signature, petition_settings().household_rule),
        postal_code="", comment="", comment_state=CommentState.NONE, ip_address=None, consent_text="",
        show_name=False, supporter=None, anonymised_at=now or timezone.now(),
    )
