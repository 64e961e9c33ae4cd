"""Who a mailing goes to now: its segment's supporters, less those the frequency cap says had enough mail."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from clarion.alerts import conf
from clarion.alerts.models import Delivery, DeliveryStatus


def recently_mailed(now=None):
    """Deliveries that count against the frequency cap: sent within the window, or about to be sent."""
    since = (now or timezone.now()) - timedelta(hours=conf.frequency_hours())
    return Delivery.objects.filter(Q(sent_at__gte=since)
                                   | Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.CLAIMED]))


def under_frequency_cap(recipients, now=None):
    """The recipients who may receive one more mailing now without passing the per-supporter cap."""
    cap = conf.frequency_cap()
    if cap <= 0:
        return recipients
    recent = recently_mailed(now)
    if cap == 1:
        return recipients.filter(~Exists(recent.filter(supporter=OuterRef("pk"))))
    capped = recent.order_by().values("supporter").annotate(n=Count("pk")).filter(n__gte=cap).values("supporter")
    return recipients.exclude(pk__in=capped)


def mailing_recipients(segment, now=None):
    """Who a mailing to `segment` goes to now: what sending creates deliveries for and what confirming counts."""
    return under_frequency_cap(segment.recipients(), now)
