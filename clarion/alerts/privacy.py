"""What action alerts hold on a supporter: which mailings reached them, for their export; an error text that may
quote their address, removed by their erasure (the rows stay, tied to the tombstone, so mailing figures hold)."""

from clarion.alerts.models import Delivery, PetitionUpdateOptOut
from clarion.core import supporter_data


def export(supporter):
    rows = Delivery.objects.filter(supporter=supporter).select_related("mailing").order_by("pk")
    return [{"mailing": d.mailing.subject, "status": d.status, "sent_at": d.sent_at.isoformat() if d.sent_at else None}
            for d in rows]


def erase(supporter):
    Delivery.objects.filter(supporter=supporter).exclude(error="").update(error="")
    PetitionUpdateOptOut.objects.filter(supporter=supporter).delete()  # which petitions they signed


def register():
    supporter_data.register_export("alerts_received", export)
    supporter_data.register_erasure(erase)
