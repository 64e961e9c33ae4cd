"""What spreading holds on a supporter, for their data export and their erasure.

The inviter's export lists each address they asked us to invite by date, petition and their own note only:
neither the invitee's address (someone else's data) nor whether it was mailed, which would tell them who had
signed, opted out or erased themselves. It stays the same whatever becomes of the invitees.
"""

from clarion.core import supporter_data
from clarion.spread import actions
from clarion.spread.models import Invitation, InvitationState, address_keys


def export(supporter):
    sent = Invitation.objects.filter(inviter=supporter).select_related("petition").order_by("created_at", "pk")
    received = (Invitation.objects.filter(address_key__in=address_keys(supporter.canonical_email))
                .select_related("petition").order_by("created_at", "pk"))
    return {
        "sent": [{"petition": i.petition.title, "requested_at": i.created_at.isoformat(), "note": i.note}
                 for i in sent],
        "received": [{"petition": i.petition.title, "email": i.email, "name": i.name,
                      "mailed": i.state == InvitationState.MAILED, "requested_at": i.created_at.isoformat()}
                     for i in received],
        "recruited_signatures": supporter.recruits.count(),
    }


def erase(supporter):
    """Invitations to them lose their name, address and link to them; those they sent keep counting (limits,
    repeats) without anything plain."""
    actions.forget_invitee(supporter.canonical_email)
    actions.forget_inviter(supporter)


def register():
    supporter_data.register_export("invitations", export)
    supporter_data.register_erasure(erase)
