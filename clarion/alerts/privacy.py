"""What action alerts hold on a supporter, for their data export (deliveries hold nothing else personal)."""

from clarion.alerts.models import Delivery


def export(supporter):
    rows = Delivery.objects.filter(supporter=supporter).select_related("mailing").order_by("pk")
    return [{"mailing": d.mailing.subject, "status": d.status, "sent_at": d.sent_at.isoformat() if d.sent_at else None}
            for d in rows]


def register():
    from clarion.supporters import registry

    registry.register_export("alerts_received", export)
