"""The one door for writing supporters and their consents.

Every action takes `acting_user`: the staff user who did it in the admin, or None for the supporter themself
and for tasks. What staff do is written to the supporter's history (Wagtail's audit log), naming the supporter
by number only: the history outlives an erasure and must not keep the name or address.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from clarion.core import supporter_data
from clarion.core.emails import canonical_email
from clarion.core.signals import public_content_changed
from clarion.mail.actions import queue_templated_mail
from clarion.supporters import announce, conf, tokens
from clarion.supporters.blocks import notices_shown
from clarion.supporters.gdpr import export_title
from clarion.supporters.models import Consent, ConsentAction, ConsentNotice, Supporter, new_referral_code

# History entries for what staff do to a supporter (and for every erasure, whoever asked for it).
OPTED_IN = "clarion.supporters.opt_in"
OPTED_OUT = "clarion.supporters.opt_out"
ERASED = "clarion.supporters.erase"


def _log(supporter, action, *, acting_user, **data):
    log(instance=supporter, action=action, user=acting_user, title=export_title(supporter), data=data)


def notice_for(text):
    """The stored version of this exact notice text, created when it is published or first signed up with."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    notice = ConsentNotice.objects.filter(digest=digest).first()
    if notice is None:
        try:
            with transaction.atomic():
                notice = ConsentNotice.objects.create(text=text, digest=digest)
        except IntegrityError:
            notice = ConsentNotice.objects.get(digest=digest)
    return notice


def record_notices_when_published(sender, instance, **kwargs):
    """Signal receiver: a page or module's consent wordings are stored as it goes live, so showing them never
    writes (a wording shown without being published, such as a default in another language, is stored at
    its first sign-up)."""
    for text in set(notices_shown(instance)):
        notice_for(text)


def record_supporter(email, *, name="", country="", language="", source="", acting_user=None):
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


def opt_in(supporter, *, channel, notice_text, source="", ip=None, acting_user=None):
    """Record an opt-in with the exact notice shown; the supporter becomes mailable. The Consent row is the
    record of a supporter's own choice; staff recording one for them are named in the history too."""
    now = timezone.now()
    with transaction.atomic():
        Consent.objects.create(supporter=supporter, action=ConsentAction.OPT_IN, channel=channel,
                               notice=notice_for(notice_text), source=source, ip_address=ip)
        # Only a change is announced: each petition a subscriber signs with the box ticked is another opt-in.
        if Supporter.objects.filter(pk=supporter.pk, subscribed=False).update(subscribed=True, subscribed_at=now):
            announce.subscription_changed(supporter, subscribed=True, channel=channel)
        else:
            Supporter.objects.filter(pk=supporter.pk).update(subscribed_at=now)
        if acting_user is not None:
            _log(supporter, OPTED_IN, acting_user=acting_user, channel=channel)
    supporter.subscribed, supporter.subscribed_at = True, now


def opt_out(supporter, *, channel, source="", ip=None, acting_user=None):
    """Record an opt-out; the supporter is never mailed again unless they opt in anew. Harmless when repeated.

    It retires the preferences links mailed before it: they may still lower what we send, nothing more
    (see tokens.Link), so an old or forwarded mail cannot undo it.
    """
    with transaction.atomic():
        Consent.objects.create(supporter=supporter, action=ConsentAction.OPT_OUT, channel=channel,
                               source=source, ip_address=ip)
        if Supporter.objects.filter(pk=supporter.pk, subscribed=True).exists():
            announce.subscription_changed(supporter, subscribed=False, channel=channel)
        Supporter.objects.filter(pk=supporter.pk).update(subscribed=False, subscribed_at=None,
                                                          token_version=F("token_version") + 1)
        if acting_user is not None:
            _log(supporter, OPTED_OUT, acting_user=acting_user, channel=channel)
    supporter.subscribed, supporter.subscribed_at = False, None
    supporter.token_version += 1


def mark_undeliverable(supporter, reason, *, acting_user=None):
    Supporter.objects.filter(pk=supporter.pk, undeliverable_at__isnull=True).update(
        undeliverable_at=timezone.now(), undeliverable_reason=reason[:200])


def record_refusal(address, answer, *, acting_user=None):
    """Our mail server was told this address does not exist (a 5xx for it): stop mailing the supporter.

    Only the supporter whose own address it is: a refusal of a variant someone else typed (a +tag, dots) that
    merely canonicalises to theirs decides nothing for them."""
    supporter = _whose_own_address(address)
    if supporter is None:
        return None
    mark_undeliverable(supporter, f"Refused by the mail server: {answer}", acting_user=acting_user)
    return supporter


def _whose_own_address(address):
    """The supporter whose own address this is, not one whose address a typed variant canonicalises to."""
    supporter = Supporter.objects.filter(canonical_email=canonical_email(address), erased_at__isnull=True).first()
    return supporter if supporter is not None and supporter.email.casefold() == address.casefold() else None


def stop_mailing_refused_address(sender, *, address, answer, **kwargs):
    """Receiver of clarion.mail.signals.address_refused: delivery found the address refused for good."""
    record_refusal(address, answer, acting_user=None)


def record_signer(signature, *, acting_user=None):
    """The supporter behind a just-confirmed signature; their opt-in, if given, is recorded with its text.

    The confirmation link proved the address, so a petition opt-in is a confirmed (double) opt-in.
    """
    supporter = record_supporter(signature.email, name=signature.name, country=signature.country,
                                 language=signature.language or (signature.petition.locale.language_code
                                                                 if signature.petition else ""),
                                 source=f"petition:{signature.petition_id}", acting_user=acting_user)
    if signature.opt_in and signature.consent_text:
        opt_in(supporter, channel="petition", notice_text=signature.consent_text,
               source=f"petition:{signature.petition_id}", ip=signature.ip_address, acting_user=acting_user)
    return supporter


def request_signup(*, email, name, language, notice_text, channel="signup", acting_user=None):
    """E-mail a confirmation link carrying the whole sign-up, sealed; nothing about the person is stored until it
    is followed. The caller answers "check your e-mail" whatever happened, so nobody learns who is subscribed."""
    notice = notice_for(notice_text)
    token = tokens.signup_token(email=email, name=name, language=language, digest=notice.digest, channel=channel)
    queue_templated_mail(email, "supporters/confirm_signup", {
        "name": name, "notice": notice.text, "confirm_url": reverse("supporters:confirm_signup", args=[token]),
        "mail_language": language,
    })


def request_resubscribe(supporter, *, acting_user=None):
    """Subscribing again from a preferences page is a new opt-in: it waits for the address owner to follow a
    confirmation link, as a sign-up does, and records the notice shown beside the button."""
    request_signup(email=supporter.email, name=supporter.name, language=supporter.language,
                   notice_text=conf.preferences_notice(), channel="preferences", acting_user=acting_user)


@dataclass
class SignupConfirmation:
    outcome: str  # "confirmed", "already", "outdated" (opted out since the link was sent) or "invalid"
    supporter: Supporter | None = None


def confirm_signup(signup, *, ip=None, acting_user=None):
    """Follow a sign-up confirmation (see tokens.read_signup_token): record the supporter and their opt-in
    with the exact notice they saw. Harmless when repeated; an opt-out made after the link was sent wins."""
    notice = ConsentNotice.objects.filter(digest=signup["d"]).first()
    if notice is None:
        return SignupConfirmation("invalid")
    sent_at = datetime.fromtimestamp(signup["t"], tz=UTC)
    with transaction.atomic():
        existing = Supporter.objects.filter(canonical_email=canonical_email(signup["e"])).first()
        if existing is not None and existing.subscribed and not existing.erased_at:
            return SignupConfirmation("already", existing)
        if existing is not None and existing.consents.filter(action=ConsentAction.OPT_OUT,
                                                             created_at__gte=sent_at).exists():
            return SignupConfirmation("outdated", existing)
        supporter = record_supporter(signup["e"], name=signup["n"], language=signup["l"], source=signup["c"],
                                     acting_user=acting_user)
        opt_in(supporter, channel=signup["c"], notice_text=notice.text, source=signup["c"], ip=ip,
               acting_user=acting_user)
    return SignupConfirmation("confirmed", supporter)


def set_language(supporter, language, *, acting_user=None):
    """The language the supporter reads our e-mails in, chosen on their preferences page."""
    Supporter.objects.filter(pk=supporter.pk).update(language=language)
    supporter.language = language


def send_fresh_link(supporter, *, acting_user=None):
    """E-mail the supporter a new preferences link (for downloading or erasing their data)."""
    queue_templated_mail(supporter.email, "supporters/fresh_link", {
        "supporter": supporter, "preferences_url": tokens.preferences_url(supporter),
        "mail_language": supporter.language,
    })


def set_tags(supporter, names, *, acting_user=None):
    """Organisers' labels on a supporter, replacing the ones before."""
    with transaction.atomic():
        supporter.tags.set(names, clear=False)
        if acting_user is not None:
            _log(supporter, "wagtail.edit", acting_user=acting_user)


def record_bounce(email, *, reason, complaint=False, acting_user=None):
    """An ESP reported that mail to this address bounced or was marked as spam: stop mailing it. As with a
    refusal, a report about a variant someone else typed (mail to it bounced) decides nothing for the owner."""
    supporter = _whose_own_address(email)
    if supporter is None:
        return None
    mark_undeliverable(supporter, reason, acting_user=acting_user)
    if complaint and supporter.subscribed:
        opt_out(supporter, channel="complaint", source=reason[:80], acting_user=acting_user)
    return supporter


@transaction.atomic
def erase_supporter(supporter, *, how, acting_user=None):
    """Erase a person: what the other apps hold erased by them (signatures anonymised, so counts stay right: see
    clarion.core.supporter_data), consents replaced by one tombstone that says erasure happened and how
    ("self-service", "admin", "retention"), the supporter row blanked. The history records the erasure, who did
    it (None: the supporter or the retention task) and the supporter's number, nothing more."""
    now = timezone.now()
    for erase in supporter_data.erasers():
        erase(supporter)
    supporter.consents.all().delete()
    Consent.objects.create(supporter=supporter, action=ConsentAction.OPT_OUT, channel="erasure", source=how)
    supporter.tags.clear()
    _forget_history_labels(supporter)
    # Random, not derived from the address: with the database and a list of addresses, nobody finds the row.
    Supporter.objects.filter(pk=supporter.pk).update(
        email=f"{secrets.token_hex(16)}@erased.invalid", canonical_email=f"erased:{secrets.token_hex(32)}",
        name="", country="",
        language="", source="", subscribed=False, subscribed_at=None, undeliverable_at=None,
        undeliverable_reason="", erased_at=now, token_version=F("token_version") + 1,
        referral_code=new_referral_code(),
    )
    supporter.refresh_from_db()
    _log(supporter, ERASED, acting_user=acting_user, how=how)
    public_content_changed.send(sender=Supporter)  # their name may be on a kept petition page
    return supporter


def _forget_history_labels(supporter):
    """The admin's history names an object by its title at the time; an erased person's entries keep a number."""
    ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Supporter),
                                 object_id=str(supporter.pk)).update(label=export_title(supporter))


def forget_consent_ips(before, *, acting_user=None):
    """Drop the IP address of consent records made before `before`: the record of what was agreed stays, where
    it was agreed from does not. The retention period is the petitions' IP setting, applied by their task."""
    return Consent.objects.filter(created_at__lt=before, ip_address__isnull=False).update(ip_address=None)
