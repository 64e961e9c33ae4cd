"""Whether a requested invitation may be mailed: decided by the sending task, never in the request, so the
inviter's answer, and its timing, cannot depend on who the invitee is."""

from datetime import timedelta

from django.db.models import Q

from clarion.core.emails import canonical_email
from clarion.petitions.models import Signature, SignatureState
from clarion.spread import conf
from clarion.spread.models import Invitation, InvitationState, Suppression, address_keys
from clarion.supporters.models import ConsentAction, Supporter


def may_invite(signature):
    """Only a signer whose confirmed signature counts may invite: others are answered the same, quietly."""
    return bool(signature.confirmed_at and signature.state == SignatureState.VALIDATED and signature.supporter_id
                and not signature.anonymised_at)


def inviters_signature(invitation):
    """The inviter's signature on the invitation's petition, if it still lets them invite; else None."""
    signature = (Signature.objects.select_related("petition", "supporter")
                 .filter(petition_id=invitation.petition_id, supporter_id=invitation.inviter_id)
                 .order_by("-confirmed_at").first())
    if signature is None or not may_invite(signature) or signature.supporter.erased_at:
        return None
    return signature if signature.petition.accepts_signatures() else None


def may_be_mailed(invitation, now):
    """False when the address is suppressed, signed the petition (even unconfirmed), opted out, bounces,
    was invited to this petition, or to any petition lately; or when its plain address is gone already.
    Someone erased is unknown here, as anyone never seen: erasure keeps nothing to recognise them by."""
    if not invitation.email:
        return False
    canonical = canonical_email(invitation.email)
    keys = address_keys(canonical)
    recently = now - timedelta(days=conf.get("CLARION_INVITE_REPEAT_DAYS"))
    return not (
        Suppression.objects.filter(address_key__in=keys).exists()
        or Signature.objects.filter(petition_id=invitation.petition_id, canonical_email=canonical).exists()
        or Invitation.objects.filter(address_key__in=keys, state=InvitationState.MAILED)
        .filter(Q(petition_id=invitation.petition_id) | Q(created_at__gte=recently)).exists()
        or Supporter.objects.filter(canonical_email=canonical).filter(
            Q(undeliverable_at__isnull=False) | Q(subscribed=False, consents__action=ConsentAction.OPT_OUT)).exists()
    )
