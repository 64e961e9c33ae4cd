"""The one door for writing petition state: signing, confirming, invalidating, moderating."""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from clarion.core.netaddr import ip_bucket
from clarion.core.writelock import queued_write
from clarion.mail.actions import queue_deferred_mail
from clarion.petitions import fraud, tokens
from clarion.petitions.emails import canonical_email, split_address
from clarion.petitions.models import (
    CommentState,
    Invalidation,
    PetitionState,
    Signature,
    SignatureState,
)
from clarion.supporters import actions as supporter_actions
from clarion.supporters.models import Supporter

# Signatures made before the deadline may still be confirmed this long after it.
CONFIRM_GRACE = timedelta(hours=24)


class PetitionNotOpen(Exception):
    """The petition is closed, or not open yet: the visitor is told so plainly."""


@dataclass
class Signing:
    signature: Signature
    created: bool


def dedupe_key(canonical, name, postal_code, household_rule):
    if not household_rule:
        return canonical
    return "|".join([canonical, " ".join(name.lower().split()), postal_code.replace(" ", "").upper()])


def _confirm_url(signature):
    return reverse("petitions:confirm", args=[tokens.confirmation_token(signature)])


def _mail_context(signature):
    return {"signature": signature, "petition": signature.petition, "confirm_url": _confirm_url(signature)}


def signature_mail_context(signature):
    """The context of a signature's mail, built at delivery (clarion.mail.deferred); None once it is erased."""
    found = Signature.objects.select_related("petition").filter(pk=signature, anonymised_at__isnull=True).first()
    return _mail_context(found) if found else None


def _queue_signature_mail(signature, template):
    # Rendered at delivery: signing writes one small outbox row and renders nothing.
    queue_deferred_mail(signature.email, template, "petitions.signature", signature=signature.pk)


def _referrer(code, canonical):
    """The supporter whose referral code this is; nobody refers themselves."""
    if not code:
        return None
    referrer = Supporter.objects.filter(referral_code=code).only("pk", "canonical_email").first()
    return referrer if referrer and referrer.canonical_email != canonical else None


def sign_petition(petition, *, name, email, country, postal_code="", comment="", opt_in=False,
                  show_name=False, ip=None, honeypot="", elapsed_ms=None, referral_code="", channel="",
                  first_touch=None):
    """Record a pending signature and its confirmation e-mail, or send the notice a duplicate gets.

    The caller shows the same "check your e-mail" answer whatever happened here. `referral_code`,
    `channel` and `first_touch` must already be cleaned (see clarion.spread.attribution).
    """
    now = timezone.now()
    if not petition.accepts_signatures(now):
        raise PetitionNotOpen
    canonical = canonical_email(email)
    domain = split_address(canonical)[1]
    config = fraud.petition_settings()
    key = dedupe_key(canonical, name, postal_code, config.household_rule)
    reason = fraud.assess(petition, ip=ip, email=canonical, domain=domain, honeypot=honeypot,
                          elapsed_ms=elapsed_ms, now=now)
    referrer = _referrer(referral_code, canonical)
    # No look-up for an earlier signature first: the unique (petition, dedupe_key) constraint answers that
    # question in the insert itself, and almost every signer is new.
    try:
        with queued_write(), transaction.atomic():
            signature = Signature.objects.create(
                petition=petition, name=name, email=email.strip(), canonical_email=canonical,
                email_domain=domain, dedupe_key=key, country=country, postal_code=postal_code,
                comment=comment, comment_state=CommentState.PENDING if comment else CommentState.NONE,
                opt_in=opt_in, consent_text=petition.consent_text if opt_in else "", show_name=show_name,
                state=SignatureState.FRAUDULENT if reason else SignatureState.PENDING, fraud_reason=reason,
                ip_address=ip_bucket(ip), referrer=referrer, channel=channel,
                first_touch=first_touch or {},
            )
            _queue_signature_mail(signature, "petitions/confirm")
    except IntegrityError:
        # This address signed before (or a simultaneous request with it won): a duplicate, told by e-mail.
        return _notify_duplicate(Signature.objects.get(petition=petition, dedupe_key=key), config)
    return Signing(signature, created=True)


def _notify_duplicate(signature, config):
    with transaction.atomic():
        claimed = Signature.objects.filter(pk=signature.pk, notices_sent__lt=config.duplicate_notices).update(
            notices_sent=F("notices_sent") + 1
        )
        if claimed:
            # Not confirmed yet: the useful answer is the confirmation link again.
            template = "petitions/already_signed" if signature.confirmed_at else "petitions/confirm"
            _queue_signature_mail(signature, template)
    return Signing(signature, created=False)


@dataclass
class Confirmation:
    outcome: str  # "confirmed", "already", "expired", "invalid" or "closed"
    signature: Signature | None = None


def confirm_signature(token):
    """Confirm the signature a link names; harmless when repeated."""
    config = fraud.petition_settings()
    try:
        pk, _petition_id = tokens.read_confirmation_token(token, max_age_seconds=config.confirmation_days * 86400)
    except signing.SignatureExpired:
        return Confirmation("expired")
    except signing.BadSignature:
        return Confirmation("invalid")
    now = timezone.now()
    with queued_write(), transaction.atomic():
        signature = Signature.objects.select_for_update().select_related("petition").filter(pk=pk).first()
        if signature is None or signature.anonymised_at:
            return Confirmation("invalid")
        if signature.confirmed_at:
            return Confirmation("already", signature)
        if not _may_confirm(signature, now):
            return Confirmation("closed", signature)
        signature.confirmed_at = now
        if signature.state == SignatureState.PENDING:
            signature.state = SignatureState.VALIDATED
        signature.supporter = supporter_actions.record_signer(signature)
        signature.save(update_fields=["confirmed_at", "state", "supporter"])
        _queue_signature_mail(signature, "petitions/thanks")
    return Confirmation("confirmed", signature)


def _may_confirm(signature, now):
    petition = signature.petition
    if petition.closes_at:
        return signature.created_at < petition.closes_at and now < petition.closes_at + CONFIRM_GRACE
    return petition.state in (PetitionState.OPEN, PetitionState.DRAFT)


@transaction.atomic
def invalidate_signatures(petition, queryset, *, criteria, reason="", user=None):
    """Invalidate the chosen signatures in one batch that can be undone; the counting task uncounts them."""
    batch = Invalidation.objects.create(petition=petition, criteria=criteria, reason=reason, created_by=user)
    rows = queryset.filter(petition=petition).exclude(state=SignatureState.INVALIDATED)
    for state in (SignatureState.PENDING, SignatureState.VALIDATED, SignatureState.FRAUDULENT):
        rows.filter(state=state).update(state=SignatureState.INVALIDATED, state_before_invalidation=state,
                                        invalidation=batch)
    batch.signature_count = Signature.objects.filter(invalidation=batch).count()
    batch.save(update_fields=["signature_count"])
    return batch


@transaction.atomic
def undo_invalidation(batch):
    """Give back each signature the state it had, or "confirmed" if its owner confirmed it meanwhile."""
    if batch.undone_at:
        return 0
    invalidated = Signature.objects.filter(invalidation=batch, state=SignatureState.INVALIDATED)
    cleared = {"state_before_invalidation": "", "invalidation": None}
    restored = invalidated.filter(state_before_invalidation=SignatureState.PENDING, confirmed_at__isnull=False).update(
        state=SignatureState.VALIDATED, **cleared
    )
    for state in (SignatureState.PENDING, SignatureState.VALIDATED, SignatureState.FRAUDULENT):
        restored += invalidated.filter(state_before_invalidation=state).update(state=state, **cleared)
    batch.undone_at = timezone.now()
    batch.save(update_fields=["undone_at"])
    return restored


def moderate_comment(signature, approve):
    state = CommentState.APPROVED if approve else CommentState.REJECTED
    Signature.objects.filter(pk=signature.pk).exclude(comment="").update(comment_state=state)
