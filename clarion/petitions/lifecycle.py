"""Anonymising a signature: who signed goes, that they signed stays, so counts stay intact. (The retention
rules that call it are actions: see actions.apply_privacy_rules. Petitions open and close by their dates
alone: see PetitionPage.public_state.)"""

from django.utils import timezone

from clarion.petitions import dedupe
from clarion.petitions.fraud import petition_settings
from clarion.petitions.models import CommentState, Signature

# What an anonymised signature's address reads: the same for all, so it tells nothing apart.
ANONYMISED_EMAIL = "anonymised@anonymised.invalid"


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
        partner_opt_in=False, partner_consent_text="",
        show_name=False, name_to_target=False, name_to_target_text="", supporter=None,
        anonymised_at=now or timezone.now(),
    )
