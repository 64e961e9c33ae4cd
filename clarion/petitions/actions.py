"""The one door for writing petition state: signing, confirming, reviewing held signatures, invalidating,
moderating, and the retention rules.

Every action takes `acting_user`: the staff user in the admin, or None for signers and tasks. What staff do
is written to the petition page's history (Wagtail's audit log).
"""

from collections import defaultdict
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from clarion.core import languages
from clarion.core.emails import canonical_email, split_address
from clarion.core.netaddr import ip_bucket
from clarion.core.signals import public_content_changed
from clarion.core.writelock import queued_write
from clarion.mail.actions import queue_deferred_mail
from clarion.petitions import dedupe, fraud, tokens
from clarion.petitions import signing as joined
from clarion.petitions.lifecycle import anonymise
from clarion.petitions.models import (
    CommentState,
    Invalidation,
    PetitionPage,
    PetitionState,
    Signature,
    SignatureState,
)
from clarion.petitions.steps import record_delivery, record_outcome, record_response  # noqa: F401 (the door)
from clarion.supporters import actions as supporter_actions
from clarion.supporters.models import Supporter

# Signatures made before the deadline may still be confirmed this long after it.
CONFIRM_GRACE = timedelta(hours=24)
STATES_BEFORE_INVALIDATION = [state for state in SignatureState.values if state != SignatureState.INVALIDATED]
# Log actions recorded in the petition page's history, by ids and numbers only: the history must not keep a
# signer's name or address.
RELEASED = "clarion.signatures.release"
REJECTED = "clarion.signatures.reject"
INVALIDATED = "clarion.signatures.invalidate"
RESTORED = "clarion.signatures.undo_invalidation"
COMMENT_APPROVED = "clarion.comments.approve"
COMMENT_REJECTED = "clarion.comments.reject"
# Set while sign_vouched runs: a trusted tool confirmed the address itself, so no confirmation or thank-you mail.
_vouched = ContextVar("vouched", default=False)


class PetitionNotOpen(Exception):
    """The petition is closed, or not open yet: the visitor is told so plainly."""


@dataclass
class Signing:
    signature: Signature | None  # the new pending entry; None when nothing was stored
    created: bool


def _confirm_url(signature):
    return reverse("petitions:confirm", args=[tokens.confirmation_token(signature)])


def signature_mail_context(signature, notice=False):
    """The context of a signature's mail, built at delivery (clarion.mail.deferred); None once it is erased.
    An "already signed" `notice` goes to whoever signed again and names nobody, so an anonymised signature
    (its signer erased) still gets one."""
    rows = Signature.objects.select_related("petition").filter(pk=signature)
    found = (rows if notice else rows.filter(anonymised_at__isnull=True)).first()
    if found is None:
        return None
    # In the language it was signed in: the translation's texts and links, the mail's words.
    context = {"signature": found, "petition": found.petition.in_language(found.language),
               "mail_language": found.language}
    if notice:
        return context
    extra = joined.mail_context(found) if found.confirmed_at else {}
    return context | {"confirm_url": _confirm_url(found)} | extra


def _queue_signature_mail(signature, template):
    if _vouched.get():
        return
    # Rendered at delivery: signing writes one small outbox row and renders nothing.
    queue_deferred_mail(signature.email, template, "petitions.signature", signature=signature.pk)


def _referrer(code, canonical):
    """The supporter whose referral code this is; nobody refers themselves."""
    if not code:
        return None
    referrer = Supporter.objects.filter(referral_code=code).only("pk", "canonical_email").first()
    return referrer if referrer and referrer.canonical_email != canonical else None


def sign_petition(petition, *, name, email, country, postal_code="", comment="", opt_in=False,
                  show_name=False, name_to_target=False, ip=None, honeypot="", elapsed_ms=None, referral_code="",
                  channel="", first_touch=None, partner=None, partner_opt_in=False, language="", acting_user=None):
    """Store this submission as its own pending entry and mail its own confirmation link, or mail the
    "already signed" notice to a signer who has confirmed.

    A submission decides nothing for the owner of the address: only the entry whose link is clicked is
    applied (see confirm_signature). One address gets at most `address_mail_limit` mails about a petition in
    `address_mail_hours`; beyond that nothing is stored or sent, so a stranger cannot flood an inbox (the cost:
    a stranger who used up the limit delays the owner's own link until the window has passed).
    The caller shows the same "check your e-mail" answer whatever happened here. `referral_code`,
    `channel` and `first_touch` must already be cleaned (see clarion.spread.attribution). `partner`: the
    PetitionPartner whose site the signer used (clarion.embed); its opt-in counts only where it has wording.
    `petition` may be a translation: the signature goes to the counting petition, with the wordings shown on
    the translation and its language (or `language`, the embed's or a tool's).
    """
    shown, petition = petition, petition.counting_petition
    language = languages.spoken(language) or shown.language
    now = timezone.now()
    if not petition.accepts_signatures(now):
        raise PetitionNotOpen
    canonical = canonical_email(email)
    domain = split_address(canonical)[1]
    config = fraud.petition_settings()
    keys = dedupe.person_keys(petition.pk, canonical, name, postal_code, config.household_rule)
    since = now - timedelta(hours=config.address_mail_hours)
    confirmed, entries = dedupe.look_up(petition, keys, canonical, since)
    if confirmed:
        _notify_already_signed(confirmed, email.strip(), config, now)
        return Signing(None, created=False)
    if entries >= config.address_mail_limit:
        return Signing(None, created=False)
    reason = fraud.assess(petition, ip=ip, email=canonical, domain=domain, honeypot=honeypot,
                          elapsed_ms=elapsed_ms, now=now)
    referrer = _referrer(referral_code, canonical)
    with queued_write(), transaction.atomic():
        signature = Signature.objects.create(
            petition=petition, name=name, email=email.strip(), canonical_email=canonical,
            email_domain=domain, dedupe_key=keys[0], country=country, postal_code=postal_code,
            comment=comment, comment_state=CommentState.PENDING if comment else CommentState.NONE,
            opt_in=opt_in, consent_text=shown.consent_text if opt_in else "", show_name=show_name,
            name_to_target=bool(name_to_target and petition.ask_name_to_target),
            name_to_target_text=shown.name_to_target_text if name_to_target and petition.ask_name_to_target else "",
            language=language,
            state=SignatureState.FRAUDULENT if reason in fraud.HARD_REASONS else SignatureState.PENDING,
            fraud_reason=reason,
            ip_address=ip_bucket(ip), referrer=referrer, channel=channel,
            first_touch=first_touch or {}, **_partner_fields(partner, partner_opt_in),
        )
        _queue_signature_mail(signature, "petitions/confirm")
    return Signing(signature, created=True)


def sign_vouched(petition, *, acting_user=None, **fields):
    """Sign for an address a trusted API key vouches for (clarion.api): stored and checked exactly as
    sign_petition does (dedupe, fraud checks, the consent wording), then confirmed through confirm_signature as
    if its link had been followed (receipt, supporter, consent record), without mailing anyone."""
    token = _vouched.set(True)
    try:
        signing = sign_petition(petition, acting_user=acting_user, **fields)
        if signing.signature is None:
            return signing
        # "replaced" when the same signer was confirmed meanwhile: this entry was dropped, the signer counts once.
        confirmation = confirm_signature(tokens.confirmation_token(signing.signature), acting_user=acting_user)
    finally:
        _vouched.reset(token)
    return Signing(confirmation.signature, created=confirmation.outcome == "confirmed")


def _partner_fields(partner, opt_in):
    agreed = bool(partner and opt_in and partner.opt_in_text)
    return {"partner": partner, "partner_opt_in": agreed, "partner_consent_text": partner.opt_in_text if agreed else ""}


def _notify_already_signed(pk, email, config, now):
    """Mail the notice unless this signer had `address_mail_limit` of them within the window already; to the
    address they confirmed from, or, once that is erased, to the address just typed (the same person's)."""
    if _vouched.get():
        return  # a trusted tool recording its signer again: the signer did nothing to be told about
    fresh = Q(noticed_at__isnull=True) | Q(noticed_at__lt=now - timedelta(hours=config.address_mail_hours))
    with transaction.atomic():
        claimed = Signature.objects.filter(fresh | Q(notices_sent__lt=config.address_mail_limit), pk=pk).update(
            notices_sent=Case(When(fresh, then=1), default=F("notices_sent") + 1), noticed_at=now,
        )
        if claimed:
            confirmed_from = Signature.objects.filter(pk=pk, anonymised_at__isnull=True).values_list("email", flat=True)
            queue_deferred_mail(confirmed_from.first() or email, "petitions/already_signed", "petitions.signature",
                                signature=pk, notice=True)


@dataclass
class Confirmation:
    # "confirmed", "already" (this very link, again), "replaced" (another entry of this signer was confirmed),
    # "expired", "invalid" or "closed"
    outcome: str
    signature: Signature | None = None
    petition: PetitionPage | None = None


def confirm_signature(token, *, acting_user=None):
    """Confirm exactly the entry a link names: its name, country, choices, consent and fraud assessment.

    The signer's other pending entries on the petition are dropped; a signer who confirmed before (under any
    hash key still listed) stays counted once, and this entry is dropped instead. Harmless when repeated.
    """
    config = fraud.petition_settings()
    try:
        pk, petition_id = tokens.read_confirmation_token(token, max_age_seconds=config.confirmation_days * 86400)
    except signing.SignatureExpired:
        return Confirmation("expired")
    except signing.BadSignature:
        return Confirmation("invalid")
    now = timezone.now()
    with queued_write(), transaction.atomic():
        signature, keys = _lock_signer(pk, config.household_rule)
        if signature is None:
            # Dropped when another entry of the same signer was confirmed; with its petition gone, just invalid.
            petition = PetitionPage.objects.filter(pk=petition_id).first() if petition_id else None
            return Confirmation("replaced", petition=petition) if petition else Confirmation("invalid")
        if signature.anonymised_at:
            return Confirmation("invalid")
        if signature.confirmed_at:
            return Confirmation("already", signature, signature.petition)
        if not _may_confirm(signature, now):
            return Confirmation("closed", signature, signature.petition)
        if not _confirm_once(signature, keys, config, now):
            signature.delete()
            return Confirmation("replaced", petition=signature.petition)
        dedupe.drop_other_entries(signature, keys)
        joined.confirmed(signature)
        _queue_signature_mail(signature, "petitions/thanks")
    return Confirmation("confirmed", signature, signature.petition)


def _lock_signer(pk, household_rule):
    """The signature a link names, read again once every entry of its signer on the petition is locked, in
    one order: two of their links clicked at once are then confirmed one after the other, never crosswise."""
    signature = Signature.objects.filter(pk=pk).first()
    if signature is None or signature.anonymised_at:
        return signature, []
    keys = dedupe.keys_of(signature, household_rule)
    list(Signature.objects.select_for_update().filter(
        Q(pk=pk) | Q(petition_id=signature.petition_id, canonical_email=signature.canonical_email, dedupe_key__in=keys)
    ).order_by("pk").values_list("pk", flat=True))
    return Signature.objects.select_related("petition").filter(pk=pk).first(), keys


def _confirm_once(signature, keys, config, now):
    """Mark the signature confirmed and record its signer, unless this signer is confirmed already: found by
    look-up under every listed key, or, for a confirmation at the same moment, by the unique constraint."""
    if dedupe.confirmed_elsewhere(signature, keys):
        return False
    signature.dedupe_key, signature.confirmed_at = keys[0], now
    if signature.state == SignatureState.PENDING:
        signature.state = _state_once_confirmed(signature, config, now)
    try:
        with transaction.atomic():
            signature.supporter = supporter_actions.record_signer(signature)
            signature.save(update_fields=["dedupe_key", "confirmed_at", "state", "supporter"])
    except IntegrityError:
        return False
    return True


def _state_once_confirmed(signature, config, now):
    """Confirmed; or held for review when a soft signal flagged the entry and confirming does not outweigh it."""
    if not signature.fraud_reason or fraud.counts_when_confirmed(signature, config, now):
        return SignatureState.VALIDATED
    return SignatureState.HELD


def _may_confirm(signature, now):
    petition = signature.petition
    if petition.closes_at:
        return signature.created_at < petition.closes_at and now < petition.closes_at + CONFIRM_GRACE
    return petition.state in (PetitionState.OPEN, PetitionState.DRAFT)


@transaction.atomic
def invalidate_signatures(petition, queryset, *, criteria, reason="", acting_user=None):
    """Invalidate the chosen signatures in one batch that can be undone; the counting task uncounts them."""
    batch = Invalidation.objects.create(petition=petition, criteria=criteria, reason=reason, created_by=acting_user)
    rows = queryset.filter(petition=petition).exclude(state=SignatureState.INVALIDATED)
    for state in STATES_BEFORE_INVALIDATION:
        rows.filter(state=state).update(state=SignatureState.INVALIDATED, state_before_invalidation=state,
                                        invalidation=batch)
    batch.signature_count = Signature.objects.filter(invalidation=batch).count()
    batch.save(update_fields=["signature_count"])
    PageLogEntry.objects.log_action(petition, INVALIDATED, user=acting_user,
                                    data={"invalidation": batch.pk, "count": batch.signature_count})
    return batch


@transaction.atomic
def undo_invalidation(batch, *, acting_user=None):
    """Give back each signature the state it had, or the one confirming gives if its owner confirmed it meanwhile
    (held for review when it was flagged)."""
    if batch.undone_at:
        return 0
    invalidated = Signature.objects.filter(invalidation=batch, state=SignatureState.INVALIDATED)
    cleared = {"state_before_invalidation": "", "invalidation": None}
    confirmed_meanwhile = invalidated.filter(state_before_invalidation=SignatureState.PENDING,
                                             confirmed_at__isnull=False)
    restored = confirmed_meanwhile.filter(fraud_reason="").update(state=SignatureState.VALIDATED, **cleared)
    restored += confirmed_meanwhile.update(state=SignatureState.HELD, **cleared)
    for state in STATES_BEFORE_INVALIDATION:
        restored += invalidated.filter(state_before_invalidation=state).update(state=state, **cleared)
    batch.undone_at = timezone.now()
    batch.save(update_fields=["undone_at"])
    PageLogEntry.objects.log_action(batch.petition, RESTORED, user=acting_user,
                                    data={"invalidation": batch.pk, "count": restored})
    return restored


def moderate_comment(signature, approve, *, acting_user=None):
    state = CommentState.APPROVED if approve else CommentState.REJECTED
    with transaction.atomic():
        if Signature.objects.filter(pk=signature.pk).exclude(comment="").update(comment_state=state):
            PageLogEntry.objects.log_action(signature.petition, COMMENT_APPROVED if approve else COMMENT_REJECTED,
                                            user=acting_user, data={"signature": signature.pk})
    public_content_changed.send(sender=Signature)  # the petition page lists approved comments


@dataclass
class Review:
    """What a release or a rejection did: how many changed now, were so already, or were refused (not held)."""

    done: int = 0
    already: int = 0
    refused: int = 0


def release_signatures(signatures, *, acting_user):
    """Count held signatures from the next counting round on; a rejected one may be released too, when an
    editor changes their mind. Releasing again changes nothing."""
    return _review(signatures, RELEASED, to=SignatureState.VALIDATED,
                   movable=(SignatureState.HELD, SignatureState.REJECTED), acting_user=acting_user)


def reject_signatures(signatures, *, acting_user):
    """Keep held signatures out of the count. One already released counts, and is refused here: invalidating
    it does that, as a batch that can be undone."""
    return _review(signatures, REJECTED, to=SignatureState.REJECTED, movable=(SignatureState.HELD,),
                   acting_user=acting_user)


@transaction.atomic
def _review(signatures, action, *, to, movable, acting_user):
    rows = Signature.objects.select_for_update().filter(pk__in=signatures.values("pk"))
    states = list(rows.values_list("pk", "petition_id", "state", "reviewed_at"))
    by_petition = defaultdict(list)
    for pk, petition_id, state, _reviewed in states:
        if state in movable:
            by_petition[petition_id].append(pk)
    moved = [pk for pks in by_petition.values() for pk in pks]
    Signature.objects.filter(pk__in=moved).update(state=to, reviewed_at=timezone.now())
    already = sum(1 for _pk, _p, state, reviewed in states if state == to and reviewed)
    for petition in PetitionPage.objects.filter(pk__in=by_petition):
        # On the petition, by id only: the page's history must not keep a signer's name or address.
        PageLogEntry.objects.log_action(petition, action, user=acting_user,
                                        data={"signatures": sorted(by_petition[petition.pk])})
    return Review(done=len(moved), already=already, refused=len(states) - len(moved) - already)


def apply_privacy_rules(now=None, *, acting_user=None):
    """Drop each signature's IP address a set time after it was made, whether or not its petition ever closes;
    anonymise whole identities a set time after each petition closed."""
    now = now or timezone.now()
    config = fraud.petition_settings()
    ip_cutoff = now - timedelta(days=config.ip_retention_days)
    dropped = Signature.objects.filter(created_at__lte=ip_cutoff, ip_address__isnull=False).update(ip_address=None)
    anonymise_cutoff = now - timedelta(days=30 * config.anonymise_months)
    anonymised = 0
    for signature in Signature.objects.filter(petition__closes_at__lte=anonymise_cutoff, anonymised_at__isnull=True):
        anonymised += anonymise(signature, now)
    return dropped, anonymised


def drop_unconfirmed_entries(now=None, *, acting_user=None):
    """Delete entries nobody confirmed once their link can no longer work: an unconfirmed entry is what someone
    sent in an address's name, and may not be the owner's at all, so it is kept no longer than it can be used."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=fraud.petition_settings().confirmation_days + 1)
    deleted, _by_model = Signature.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return deleted
