"""Mailing the invitations signers asked for: woken by each request (actions.invite_friends), swept by the
scheduler in case a wake-up was lost."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from clarion.mail.actions import queue_templated_mail
from clarion.spread import tokens
from clarion.spread.eligibility import inviters_signature, may_be_mailed
from clarion.spread.links import share_url
from clarion.spread.models import Invitation, InvitationState


@task()
def send_invitations():
    """Woken by each invitation request; the scheduler's sweep sends whatever a lost wake-up left waiting."""
    return send_pending_invitations()


def send_pending_invitations(now=None, *, acting_user=None):
    """Mail every recorded invitation that may be mailed and mark the rest skipped; returns how many were mailed.
    Each row is claimed by its own update, so two workers never mail one twice."""
    now = now or timezone.now()
    pending = Invitation.objects.filter(state=InvitationState.PENDING).order_by("pk").values_list("pk", flat=True)
    return sum(_send(pk, now) for pk in list(pending))


def _send(pk, now):
    with transaction.atomic():
        invitation = Invitation.objects.filter(pk=pk, state=InvitationState.PENDING).first()
        if invitation is None:
            return 0
        signature = inviters_signature(invitation)
        mailed = signature is not None and may_be_mailed(invitation, now)
        try:
            with transaction.atomic():
                claimed = Invitation.objects.filter(pk=pk, state=InvitationState.PENDING).update(
                    state=InvitationState.MAILED if mailed else InvitationState.SKIPPED)
        except IntegrityError:
            # Another request's row for this address and petition was mailed a moment ago: one is enough.
            mailed = False
            claimed = Invitation.objects.filter(pk=pk, state=InvitationState.PENDING).update(
                state=InvitationState.SKIPPED)
        if not (claimed and mailed):
            return 0
        _mail(invitation, signature)
    return 1


def _mail(invitation, signature):
    never = tokens.never_url(invitation)
    # In the language the inviter signed in (whom they invite likely reads it), linking to that translation.
    petition = signature.petition.in_language(signature.language)
    context = {"invitation": invitation, "signature": signature, "petition": petition,
               "inviter_name": signature.first_name, "note": invitation.note, "never_url": never,
               "petition_url": share_url(petition, signature.supporter, "invite"),
               "mail_language": signature.language}
    queue_templated_mail(invitation.email, "spread/invitation", context, reply_to=signature.email, headers={
        "List-Unsubscribe": f"<{never}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    })
