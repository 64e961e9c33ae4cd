"""A segment compiled to one queryset over Supporter: the database does the matching, never a Python loop."""

from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from taggit.models import TaggedItem

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
