"""How far a mailing has got: one grouped count over its deliveries, and an estimate of the time left."""

from django.db.models import Count
from django.utils import timezone

from clarion.alerts.models import Delivery, DeliveryStatus, Mailing, MailingStatus


def mailing_progress(mailing, now=None):
    """Sent, failed, skipped, remaining and total deliveries (one grouped count on the delivery_queue index)."""
    counts = dict(Delivery.objects.filter(mailing=mailing).order_by().values_list("status")
                  .annotate(n=Count("pk")))
    total = sum(counts.values())
    sent, failed = counts.get(DeliveryStatus.SENT, 0), counts.get(DeliveryStatus.FAILED, 0)
    skipped = counts.get(DeliveryStatus.SKIPPED, 0) + counts.get(DeliveryStatus.CANCELLED, 0)
    remaining = counts.get(DeliveryStatus.PENDING, 0) + counts.get(DeliveryStatus.CLAIMED, 0)
    done = sent + failed + skipped
    eta = None
    if mailing.status == MailingStatus.SENDING and mailing.started_at and done and remaining:
        elapsed = ((now or timezone.now()) - mailing.started_at).total_seconds()
        eta = round(remaining * elapsed / done)
    return {
        "status": mailing.status, "status_label": str(mailing.get_status_display()),
        "total": total, "sent": sent, "failed": failed, "skipped": skipped, "remaining": remaining,
        "percent": round(100 * done / total, 1) if total else 0, "eta_seconds": eta,
        "finished": mailing.status in (MailingStatus.SENT, MailingStatus.CANCELLED),
    }


def mailings_in_progress(now=None):
    """Mailings still going out (sending or paused), oldest first, each with its mailing_progress."""
    going = Mailing.objects.filter(status__in=[MailingStatus.SENDING, MailingStatus.PAUSED]).order_by("started_at")
    return [(mailing, mailing_progress(mailing, now)) for mailing in going]
