"""A segment compiled to one queryset over Supporter: the database does the matching, never a Python loop."""

from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from taggit.models import TaggedItem

from clarion.alerts import conf
from clarion.alerts.models import Delivery, DeliveryStatus
from clarion.petitions.models import Signature, SignatureState
from clarion.supporters.models import Supporter


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _signed(petition_id):
    return Exists(Signature.objects.filter(supporter=OuterRef("pk"), petition_id=petition_id,
                                           state=SignatureState.VALIDATED))


def _tagged(tag):
    content_type = ContentType.objects.get_for_model(Supporter)
    return Exists(TaggedItem.objects.filter(content_type=content_type, object_id=OuterRef("pk"),
                                            tag__name__iexact=tag))


def segment_recipients(segment):
    """Mailable supporters meeting every condition the segment sets; each supporter at most once."""
    recipients = Supporter.objects.mailable().order_by()
    if segment.countries:
        recipients = recipients.filter(country__in=[str(country) for country in segment.countries])
    if segment.signed_petition_id:
        recipients = recipients.filter(_signed(segment.signed_petition_id))
    if segment.not_signed_petition_id:
        recipients = recipients.filter(~_signed(segment.not_signed_petition_id))
    if segment.joined_after:
        recipients = recipients.filter(first_seen__gte=_start_of(segment.joined_after))
    if segment.joined_before:
        recipients = recipients.filter(first_seen__lt=_start_of(segment.joined_before))
    if segment.language:
        code = segment.language.strip().lower()
        recipients = recipients.filter(Q(language__iexact=code) | Q(language__istartswith=f"{code}-"))
    if segment.tag:
        recipients = recipients.filter(_tagged(segment.tag.strip()))
    return recipients


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
