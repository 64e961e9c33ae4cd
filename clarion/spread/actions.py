"""The one door for spreading: invitations from confirmed signers, addresses that never want them, fresh links,
and what is forgotten when (retention, erasure).

An invitation request only records one row per requested address and charges it against every limit; the
sending task decides later which rows are mailed. So the inviter's answer (status, page, remaining figure,
timing) is the same whether an address had signed, opted out, was erased, suppressed or is unknown.

Every action takes `acting_user`, None here: signers, invitees and tasks do all of this, never staff, so
nothing goes to the admin's history (the invitation rows are the record).
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from clarion.core.emails import canonical_email
from clarion.core.netaddr import ip_bucket
from clarion.mail.actions import queue_deferred_mail
from clarion.mail.models import OutboxMessage
from clarion.petitions.models import Signature
from clarion.spread import conf, tokens
from clarion.spread.models import Invitation, InvitationState, Suppression, address_key, address_keys, ip_key, ip_keys
from clarion.spread.sending import send_invitations
from clarion.supporters.models import Supporter

LIMITS = (("signer", "CLARION_INVITE_MAX_PER_SIGNER"), ("ip", "CLARION_INVITE_MAX_PER_IP"),
          ("day", "CLARION_INVITE_MAX_PER_DAY"))
FRESH_LINKS_TEMPLATE = "spread/fresh_links"


class InviteLimit(Exception):  # noqa: N818  (a limit reached, not an error in the code)
    """More invitations than a limit allows; nothing was recorded. `remaining` may still be asked for."""

    def __init__(self, scope, remaining):
        super().__init__(scope, remaining)
        self.scope, self.remaining = scope, remaining


@dataclass
class InviteResult:
    requested: int


def invite_friends(signature, invitees, *, note="", ip=None, acting_user=None):
    """Record one invitation per distinct address asked for, each charged against the limits; the sending
    task mails those it may. `invitees` are cleaned (name, e-mail) pairs (see clarion.spread.forms).

    Raises InviteLimit, recording nothing, when the addresses would pass the per-signer, per-IP or per-day
    limit. What the addresses are (signed, suppressed, unknown…) plays no part in anything decided here.
    """
    wanted = {}
    for name, email in invitees:
        wanted.setdefault(canonical_email(email), (name, email))
    if not signature.supporter_id or not wanted:
        return InviteResult(0)
    with transaction.atomic():
        # One signer's requests queue behind each other, so two at once cannot both pass the limit.
        Supporter.objects.select_for_update().filter(pk=signature.supporter_id).first()
        remaining = invitations_left(signature.supporter_id, ip)
        for scope, _setting in LIMITS:
            if len(wanted) > remaining[scope]:
                raise InviteLimit(scope, remaining[scope])
        Invitation.objects.bulk_create([
            Invitation(petition_id=signature.petition_id, inviter_id=signature.supporter_id, name=name, email=email,
                       address_key=address_key(canonical), note=note, ip_key=ip_key(ip_bucket(ip)))
            for canonical, (name, email) in wanted.items()
        ])
        transaction.on_commit(_wake_sending, robust=True)
    return InviteResult(len(wanted))


def _wake_sending():
    send_invitations.enqueue()


def invitations_left(supporter_id, ip, now=None):
    """How many more addresses may be asked for now, per limit ("signer", "ip", "day"), counting every
    address asked for in the last 24 hours, mailed or not."""
    since = (now or timezone.now()) - timedelta(days=1)
    counts = {"signer": Count("pk", filter=Q(inviter_id=supporter_id)), "day": Count("pk")}
    keys = ip_keys(ip_bucket(ip))
    if keys:  # a request without a known client address is limited per signer and per day only
        counts["ip"] = Count("pk", filter=Q(ip_key__in=keys))
    used = {"ip": 0} | Invitation.objects.filter(created_at__gte=since).aggregate(**counts)
    return {scope: max(conf.get(setting) - used[scope], 0) for scope, setting in LIMITS}


def _invitee_keys(invitation):
    """The keys an invitation's address may be stored under: every key's while the plain address lasts."""
    return address_keys(canonical_email(invitation.email)) if invitation.email else [invitation.address_key]


def suppress_address(invitation, *, acting_user=None):
    """Never invite this address again, to any petition, and drop its plain copies now. Harmless when repeated."""
    keys = _invitee_keys(invitation)
    with transaction.atomic():
        if not Suppression.objects.filter(address_key__in=keys).exists():
            try:
                with transaction.atomic():
                    Suppression.objects.create(address_key=keys[0])
            except IntegrityError:
                pass
        Invitation.objects.filter(address_key__in=keys).update(name="", email="")


def forget_invitee(canonical, *, acting_user=None):
    """Erasure of an invitee: their name and address go, and their rows' key becomes a random tombstone, so
    nothing links them to the rows any more. The rows stay: they were charged to the inviters, whose remaining
    allowance must not change when an invitee erases themselves. A suppression stays too (a do-not-invite
    list keeps only the keyed hash)."""
    tombstone = "erased:" + secrets.token_hex(20)
    Invitation.objects.filter(address_key__in=address_keys(canonical)).update(
        name="", email="", address_key=tombstone)


def forget_inviter(supporter, *, acting_user=None):
    """Erasure of an inviter: the invitations they asked for keep counting (limits, repeats) with nothing plain."""
    Invitation.objects.filter(inviter=supporter).update(name="", email="", note="", ip_key="")


def purge_expired_invitation_data(now=None, *, acting_user=None):
    """After CLARION_INVITE_RETENTION_DAYS only the keyed address hash, petition, inviter and date remain.
    A row still waiting then (the worker was down that long) is skipped, not mailed from a stale request."""
    cutoff = (now or timezone.now()) - timedelta(days=conf.get("CLARION_INVITE_RETENTION_DAYS"))
    old = Invitation.objects.filter(created_at__lt=cutoff)
    with transaction.atomic():
        old.filter(state=InvitationState.PENDING).update(state=InvitationState.SKIPPED)
        return old.exclude(name="", email="", note="", ip_key="").update(name="", email="", note="", ip_key="")


def send_fresh_links(supporter, signature=None, *, acting_user=None):
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
            "petition": signed.petition.in_language(signed.language) if signed else None,
            "thanks_url": tokens.thanks_url(signed) if signed else "",
            "mail_language": (signed.language if signed else "") or found.language}
