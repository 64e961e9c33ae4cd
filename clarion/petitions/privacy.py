"""What petitions hold on a supporter, registered with core's supporter data: their signatures in their export,
anonymised by their erasure, and a hold on erasing anyone who signed a petition still open."""

from django.db.models import Q

from clarion.core import supporter_data
from clarion.petitions.lifecycle import anonymise
from clarion.petitions.models import PetitionPage, Signature

SIGNATURE_FIELDS = ["name", "email", "country", "postal_code", "comment", "comment_state", "opt_in", "consent_text",
                    "show_name", "name_to_target", "name_to_target_text", "partner_opt_in", "partner_consent_text",
                    "state", "channel", "first_touch", "ip_address", "created_at", "confirmed_at",
                    "anonymised_at"]


def signatures_of(supporter):
    """Their signatures: confirmed ones point at them, unconfirmed ones carry their address only."""
    return Signature.objects.filter(Q(supporter=supporter) | Q(canonical_email=supporter.canonical_email))


def export(supporter):
    """Their signatures with the petitions' titles and the partner sites they signed on."""
    signatures = signatures_of(supporter).select_related("petition", "partner").order_by("created_at", "pk")
    return [{
        "petition": signature.petition.title, "petition_id": signature.petition_id,
        "partner": signature.partner.name if signature.partner else "",
        **{field: supporter_data.plain(getattr(signature, field)) for field in SIGNATURE_FIELDS},
    } for signature in signatures]


def erase(supporter):
    """Signatures anonymised, so counts stay right."""
    for signature in signatures_of(supporter).filter(anonymised_at__isnull=True):  # one person's few signatures
        anonymise(signature)


def hold(supporters, cutoff, now):
    """Whoever signed since `cutoff`, or signed a petition still open, is kept."""
    return (supporters.exclude(signatures__created_at__gte=cutoff)
            .exclude(signatures__petition__in=PetitionPage.still_open(now)))


def register():
    supporter_data.register_export("signatures", export)
    # Last: the other apps find mail about the person through their signatures (see mail.deferred).
    supporter_data.register_erasure(erase, last=True)
    supporter_data.register_hold(hold)
    supporter_data.register_finder("signatures", signatures_of)
