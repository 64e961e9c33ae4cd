"""Who a mailing goes to now: its segment's supporters, less those the frequency cap says had enough mail; or, for
a petition update, the petition's confirmed signers who have not stopped its updates."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from clarion.alerts import conf
from clarion.alerts.models import Delivery, DeliveryStatus, PetitionUpdateOptOut
from clarion.petitions.models import Signature, SignatureState
from clarion.supporters.models import Supporter


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


def petition_signers(petition_id):
    """Each person (once) with a confirmed signature on the petition, not erased, not known to bounce, who has not
    stopped this petition's updates. Newsletter consent does not matter: they asked for this by signing."""
    signed = Signature.objects.filter(supporter=OuterRef("pk"), petition_id=petition_id,
                                      state=SignatureState.VALIDATED, anonymised_at__isnull=True)
    stopped = PetitionUpdateOptOut.objects.filter(supporter=OuterRef("pk"), petition_id=petition_id)
    return (Supporter.objects.filter(erased_at__isnull=True, undeliverable_at__isnull=True)
            .filter(Exists(signed)).filter(~Exists(stopped)).order_by())


def audience(mailing):
    """Everyone the mailing is addressed to, before the frequency cap; None when it names no audience yet."""
    if mailing.update_for_id:
        return petition_signers(mailing.update_for_id)
    return mailing.segment.recipients() if mailing.segment_id else None


def mailing_recipients(mailing, now=None):
    """Who the mailing goes to now: what sending creates deliveries for and what confirming counts. An update
    about a petition the person signed is not held back by the cap on campaign mail."""
    if mailing.update_for_id:
        return audience(mailing)
    return under_frequency_cap(audience(mailing), now)
