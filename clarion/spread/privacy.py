"""What spreading holds on a supporter, for their data export and their erasure."""

from clarion.spread.models import Invitation


def export(supporter):
    sent = Invitation.objects.filter(inviter=supporter).select_related("petition").order_by("created_at")
    received = Invitation.objects.filter(canonical_email=supporter.canonical_email).order_by("created_at")
    return {
        "sent": [{"petition": i.petition.title, "to": i.email, "name": i.name, "note": i.note,
                  "sent_at": i.created_at.isoformat()} for i in sent],
        "received": [{"petition_id": i.petition_id, "email": i.email, "name": i.name,
                      "sent_at": i.created_at.isoformat()} for i in received],
        "recruited_signatures": supporter.recruits.count(),
    }


def erase(supporter):
    """Invitations to them go; those they sent keep counting (limits, conversion) without their note or IP."""
    Invitation.objects.filter(canonical_email=supporter.canonical_email).delete()
    Invitation.objects.filter(inviter=supporter).update(note="", ip_address=None)


def register():
    from clarion.supporters import registry

    registry.register_export("invitations", export)
    registry.register_erasure(erase)
