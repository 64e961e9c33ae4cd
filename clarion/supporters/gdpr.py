"""Data protection: everything held on a supporter, as one JSON document; who is due for erasure."""

from datetime import timedelta

from django.utils import timezone

from clarion.core import supporter_data
from clarion.supporters import conf
from clarion.supporters.models import Supporter

SUPPORTER_FIELDS = ["email", "name", "country", "language", "source", "first_seen", "referral_code", "subscribed",
                    "subscribed_at", "undeliverable_at", "undeliverable_reason", "erased_at"]


def signatures_of(supporter):
    """Their signatures, as the petitions app finds them (confirmed ones and those carrying their address)."""
    return supporter_data.find("signatures", supporter)


def export_supporter(supporter):
    """Everything held on `supporter`, JSON-able: their row, consents with the notice texts, tags, and whatever
    the other apps registered (signatures, mail, invitations: see clarion.core.supporter_data)."""
    consents = supporter.consents.select_related("notice").order_by("created_at", "pk")
    document = {
        "supporter": {field: supporter_data.plain(getattr(supporter, field)) for field in SUPPORTER_FIELDS},
        "tags": sorted(supporter.tags.names()),
        "consents": [{
            "action": consent.action, "channel": consent.channel, "at": consent.created_at.isoformat(),
            "notice": consent.notice.text if consent.notice else None, "source": consent.source,
            "ip_address": consent.ip_address,
        } for consent in consents],
    }
    for section, function in supporter_data.exporters().items():
        document[section] = function(supporter)
    return document


def record_count(document):
    """How many records an export holds: one per item of each list section, one per other section."""
    return sum(len(part) if isinstance(part, list) else 1 for part in document.values())


def export_title(supporter):
    """How the export log names a supporter: by number only, since the log outlives an erasure."""
    return f"Supporter #{supporter.pk}"


def due_for_erasure(now=None):
    """Supporters with no current opt-in and no activity (first seen, consent, and what the other apps hold them
    for: a recent signature, one on a petition still open) for the retention period; none when retention is off."""
    months = conf.retention_months()
    if not months:
        return Supporter.objects.none()
    now = now or timezone.now()
    cutoff = now - timedelta(days=30 * months)
    due = (Supporter.objects.filter(erased_at__isnull=True, subscribed=False, first_seen__lt=cutoff)
           .exclude(consents__created_at__gte=cutoff))
    for hold in supporter_data.holds():
        due = hold(due, cutoff, now)
    return due
