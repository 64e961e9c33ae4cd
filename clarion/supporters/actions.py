"""The one door for writing supporters and their consents."""

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from clarion.petitions.emails import canonical_email
from clarion.supporters.models import Consent, ConsentAction, ConsentNotice, Supporter


def notice_for(text):
    """The stored version of this exact notice text, created the first time it is shown."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    notice = ConsentNotice.objects.filter(digest=digest).first()
    if notice is None:
        try:
            with transaction.atomic():
                notice = ConsentNotice.objects.create(text=text, digest=digest)
        except IntegrityError:
            notice = ConsentNotice.objects.get(digest=digest)
    return notice


def record_supporter(email, *, name="", country="", language="", source=""):
    """The supporter for this address, created on first sight; blanks are filled, nothing is overwritten."""
    canonical = canonical_email(email)
    supporter = Supporter.objects.filter(canonical_email=canonical).first()
    if supporter is None:
        try:
            with transaction.atomic():
                return Supporter.objects.create(email=email.strip(), canonical_email=canonical, name=name,
                                                country=country or "", language=language, source=source)
        except IntegrityError:
            supporter = Supporter.objects.get(canonical_email=canonical)
    changes = {}
    for field, value in (("name", name), ("country", country), ("language", language)):
        if value and not getattr(supporter, field):
            changes[field] = value
    if supporter.erased_at:
        # An erased person who comes back is a new start: the old record holds nothing personal.
        changes.update(email=email.strip(), name=name, erased_at=None)
    if changes:
        Supporter.objects.filter(pk=supporter.pk).update(**changes)
        for field, value in changes.items():
            setattr(supporter, field, value)
    return supporter


def opt_in(supporter, *, channel, notice_text, source="", ip=None):
    """Record an opt-in with the exact notice shown; the supporter becomes mailable."""
    now = timezone.now()
    with transaction.atomic():
        Consent.objects.create(supporter=supporter, action=ConsentAction.OPT_IN, channel=channel,
                               notice=notice_for(notice_text), source=source, ip_address=ip)
        Supporter.objects.filter(pk=supporter.pk).update(subscribed=True, subscribed_at=now)
    supporter.subscribed, supporter.subscribed_at = True, now


def opt_out(supporter, *, channel, source="", ip=None):
    """Record an opt-out; the supporter is never mailed again unless they opt in anew. Harmless when repeated."""
    with transaction.atomic():
        Consent.objects.create(supporter=supporter, action=ConsentAction.OPT_OUT, channel=channel,
                               source=source, ip_address=ip)
        Supporter.objects.filter(pk=supporter.pk).update(subscribed=False, subscribed_at=None)
    supporter.subscribed, supporter.subscribed_at = False, None


def mark_undeliverable(supporter, reason):
    Supporter.objects.filter(pk=supporter.pk, undeliverable_at__isnull=True).update(
        undeliverable_at=timezone.now(), undeliverable_reason=reason[:200])


def record_signer(signature):
    """The supporter behind a just-confirmed signature; their opt-in, if given, is recorded with its text.

    The confirmation link proved the address, so a petition opt-in is a confirmed (double) opt-in.
    """
    supporter = record_supporter(signature.email, name=signature.name, country=signature.country,
                                 language=signature.petition.locale.language_code if signature.petition else "",
                                 source=f"petition:{signature.petition_id}")
    if signature.opt_in and signature.consent_text:
        opt_in(supporter, channel="petition", notice_text=signature.consent_text,
               source=f"petition:{signature.petition_id}", ip=signature.ip_address)
    return supporter
