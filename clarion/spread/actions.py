"""The one door for spreading: invitations from confirmed signers, addresses that never want them, and fresh
private links."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from clarion.mail.actions import queue_deferred_mail, queue_templated_mail
from clarion.mail.models import OutboxMessage
from clarion.petitions.emails import canonical_email
from clarion.petitions.models import Signature, SignatureState
from clarion.spread import conf, tokens
from clarion.spread.links import share_url
from clarion.spread.models import Invitation, Suppression
from clarion.supporters.models import ConsentAction, Supporter

FRESH_LINKS_TEMPLATE = "spread/fresh_links"


class InviteLimit(Exception):  # noqa: N818  (a limit reached, not an error in the code)
    """More invitations than a limit allows; nothing was sent. `remaining` may still be sent."""

    def __init__(self, scope, remaining):
        super().__init__(scope, remaining)
        self.scope, self.remaining = scope, remaining


@dataclass
class InviteResult:
    queued: int


def may_invite(signature):
    """Only a signer whose confirmed signature counts may invite: others are answered the same, quietly."""
    return bool(signature.confirmed_at and signature.state == SignatureState.VALIDATED and signature.supporter_id)


def invite_friends(signature, invitees, *, note="", ip=None):
    """Queue one invitation per new address; suppressed, signed or recently invited addresses are skipped.

    `invitees` are cleaned (name, e-mail) pairs (see clarion.spread.forms). Raises InviteLimit, sending
    nothing, when the addresses given would pass the per-signer, per-IP or per-day limit.
    """
    own = canonical_email(signature.email)
    wanted = {}
    for name, email in invitees:
        canonical = canonical_email(email)
        if canonical != own:
            wanted.setdefault(canonical, (name, email))
    if not may_invite(signature) or not wanted:
        return InviteResult(0)
    now = timezone.now()
    with transaction.atomic():
        # One signer's requests queue behind each other, so two at once cannot both pass the limit.
        Supporter.objects.select_for_update().filter(pk=signature.supporter_id).first()
        _check_limits(signature.supporter_id, ip, len(wanted), now)
        skip = _skipped(signature.petition_id, set(wanted), now)
        queued = 0
        for canonical, (name, email) in wanted.items():
            if canonical not in skip:
                queued += _invite(signature, name, email, canonical, note, ip)
    return InviteResult(queued)


def _check_limits(supporter_id, ip, count, now):
    counts = {"signer": Count("pk", filter=Q(inviter_id=supporter_id)), "day": Count("pk")}
    if ip:
        counts["ip"] = Count("pk", filter=Q(ip_address=ip))
    used = {"ip": 0} | Invitation.objects.filter(created_at__gte=now - timedelta(days=1)).aggregate(**counts)
    limits = (("signer", "CLARION_INVITE_MAX_PER_SIGNER"), ("ip", "CLARION_INVITE_MAX_PER_IP"),
              ("day", "CLARION_INVITE_MAX_PER_DAY"))
    for scope, setting in limits:
        remaining = max(conf.get(setting) - used[scope], 0)
        if count > remaining:
            raise InviteLimit(scope, remaining)


def _skipped(petition_id, canonicals, now):
    """The addresses not to invite: suppressed, opted out or bouncing, signed, or invited lately."""
    recently = now - timedelta(days=conf.get("CLARION_INVITE_REPEAT_DAYS"))
    skip = set(Suppression.objects.filter(canonical_email__in=canonicals).values_list("canonical_email", flat=True))
    skip.update(Signature.objects.filter(petition_id=petition_id, canonical_email__in=canonicals)
                .values_list("canonical_email", flat=True))
    skip.update(Invitation.objects.filter(canonical_email__in=canonicals)
                .filter(Q(petition_id=petition_id) | Q(created_at__gte=recently))
                .values_list("canonical_email", flat=True))
    skip.update(Supporter.objects.filter(canonical_email__in=canonicals).filter(
        Q(undeliverable_at__isnull=False) | Q(erased_at__isnull=False)
        | Q(subscribed=False, consents__action=ConsentAction.OPT_OUT)
    ).values_list("canonical_email", flat=True))
    return skip


def _invite(signature, name, email, canonical, note, ip):
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                petition_id=signature.petition_id, inviter_id=signature.supporter_id, name=name, email=email,
                canonical_email=canonical, note=note, ip_address=ip)
            never = tokens.never_url(invitation)
            context = {"invitation": invitation, "signature": signature, "petition": signature.petition,
                       "inviter_name": signature.first_name, "note": note, "never_url": never,
                       "petition_url": share_url(signature.petition, signature.supporter, "invite")}
            queue_templated_mail(email, "spread/invitation", context, reply_to=signature.email, headers={
                "List-Unsubscribe": f"<{never}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            })
    except IntegrityError:
        # Another signer invited this address to this petition a moment ago: one invitation is enough.
        return 0
    return 1


def suppress_address(invitation, *, ip=None):
    """Never invite this address again, to any petition. Harmless when repeated."""
    if Suppression.objects.filter(canonical_email=invitation.canonical_email).exists():
        return
    try:
        with transaction.atomic():
            Suppression.objects.create(canonical_email=invitation.canonical_email, ip_address=ip)
    except IntegrityError:
        pass


def send_fresh_links(supporter, signature=None):
    """E-mail a supporter fresh private links (impact, and the thank-you page of `signature`), to their own
    address only, at most CLARION_FRESH_LINKS_PER_DAY times a day; the links are made at delivery."""
    since = timezone.now() - timedelta(days=1)
    sent = OutboxMessage.objects.filter(to=supporter.email, template=FRESH_LINKS_TEMPLATE, created_at__gte=since)
    if supporter.erased_at or sent.count() >= conf.get("CLARION_FRESH_LINKS_PER_DAY"):
        return False
    queue_deferred_mail(supporter.email, FRESH_LINKS_TEMPLATE, "spread.fresh_links", supporter=supporter.pk,
                        signature=signature.pk if signature else None)
    return True


def fresh_links_context(supporter, signature=None):
    """The context of a fresh-links mail, built at delivery (clarion.mail.deferred); None once erased."""
    found = Supporter.objects.filter(pk=supporter, erased_at__isnull=True).first()
    if found is None:
        return None
    signed = (Signature.objects.select_related("petition")
              .filter(pk=signature, supporter=found, confirmed_at__isnull=False, anonymised_at__isnull=True).first()
              if signature else None)
    return {"supporter": found, "impact_url": tokens.impact_url(found), "signature": signed,
            "petition": signed.petition if signed else None, "thanks_url": tokens.thanks_url(signed) if signed else ""}
