"""Data protection: everything held on a supporter, as one JSON document; who is due for erasure."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from clarion.supporters import conf, registry
from clarion.supporters.models import Supporter

SUPPORTER_FIELDS = ["email", "name", "country", "language", "source", "first_seen", "referral_code", "subscribed",
                    "subscribed_at", "undeliverable_at", "undeliverable_reason", "erased_at"]
SIGNATURE_FIELDS = ["name", "email", "country", "postal_code", "comment", "comment_state", "opt_in", "consent_text",
                    "show_name", "state", "channel", "first_touch", "ip_address", "created_at", "confirmed_at",
                    "anonymised_at"]


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value.__class__.__name__ == "Country":
        return value.code or ""
    return value


def signatures_of(supporter):
    """Their signatures: confirmed ones point at them, unconfirmed ones carry their address only."""
    from clarion.petitions.models import Signature

    return Signature.objects.filter(Q(supporter=supporter) | Q(canonical_email=supporter.canonical_email))


def export_supporter(supporter):
    """Everything held on `supporter`, JSON-able: their row, consents with the notice texts, signatures with
    the petitions' titles, tags, and whatever other apps registered (see registry.register_export)."""
    consents = supporter.consents.select_related("notice").order_by("created_at", "pk")
    signatures = signatures_of(supporter).select_related("petition").order_by("created_at", "pk")
    document = {
        "supporter": {field: _plain(getattr(supporter, field)) for field in SUPPORTER_FIELDS},
        "tags": sorted(supporter.tags.names()),
        "consents": [{
            "action": consent.action, "channel": consent.channel, "at": consent.created_at.isoformat(),
            "notice": consent.notice.text if consent.notice else None, "source": consent.source,
            "ip_address": consent.ip_address,
        } for consent in consents],
        "signatures": [{
            "petition": signature.petition.title, "petition_id": signature.petition_id,
            **{field: _plain(getattr(signature, field)) for field in SIGNATURE_FIELDS},
        } for signature in signatures],
    }
    for section, function in registry.exporters().items():
        document[section] = function(supporter)
    return document


def record_count(document):
    """How many records an export holds: one per item of each list section, one per other section."""
    return sum(len(part) if isinstance(part, list) else 1 for part in document.values())


def export_title(supporter):
    """How the export log names a supporter: by number only, since the log outlives an erasure."""
    return f"Supporter #{supporter.pk}"


def due_for_erasure(now=None):
    """Supporters with no current opt-in, no signature on a petition still open, and no activity (first seen,
    consent, signature) for the retention period; none when retention is off."""
    from clarion.petitions.models import PetitionPage

    months = conf.retention_months()
    if not months:
        return Supporter.objects.none()
    now = now or timezone.now()
    cutoff = now - timedelta(days=30 * months)
    return (
        Supporter.objects.filter(erased_at__isnull=True, subscribed=False, first_seen__lt=cutoff)
        .exclude(consents__created_at__gte=cutoff)
        .exclude(signatures__created_at__gte=cutoff)
        .exclude(signatures__petition__in=PetitionPage.still_open(now))
    )
