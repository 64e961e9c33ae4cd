"""What organisers ask about spreading: which channels and sources recruit, who recruits, how deep, and
whether invitations turn into signatures. Each answer is a grouped query, never a query per row."""

from django.db.models import CharField, Count, F, Q, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, NullIf
from django.utils.crypto import salted_hmac

from clarion.petitions.models import Signature, SignatureState
from clarion.petitions.partners import signers_by_partner
from clarion.spread.impact import people_by_depth
from clarion.spread.models import Invitation, InvitationState

TOP_REFERRERS = 20


def _counts():
    return {"total": Count("pk"), "confirmed": Count("pk", filter=Q(state=SignatureState.VALIDATED))}


def _signatures(petition):
    rows = Signature.objects.all()
    return rows.filter(petition=petition) if petition else rows


def by_channel(petition=None):
    return list(_signatures(petition).values("channel").annotate(**_counts()).order_by("-total", "channel"))


def utm_source():
    return KeyTextTransform("utm_source", "first_touch")


def signature_source():
    """Where a signer came from in one word: the campaign's own utm_source tag, else the share channel, else ""."""
    return Coalesce(NullIf(utm_source(), Value("")), NullIf(F("channel"), Value("")), Value(""),
                    output_field=CharField())


def by_source(petition=None):
    rows = _signatures(petition).annotate(source=utm_source())
    return list(rows.values("source").annotate(**_counts()).order_by("-total", "source"))


def pseudonym(referral_code):
    """A stable label that names no one: staff can follow a recruiter across reports, not identify them."""
    return "Supporter #" + salted_hmac("clarion.spread.pseudonym", referral_code).hexdigest()[:8]


def top_referrers(petition=None, limit=TOP_REFERRERS):
    rows = (_signatures(petition).filter(referrer__isnull=False).values("referrer__referral_code")
            .annotate(**_counts()).order_by("-confirmed", "-total")[:limit])
    return [{"label": pseudonym(row["referrer__referral_code"]), "total": row["total"],
             "confirmed": row["confirmed"]} for row in rows]


def invitation_conversion(petition=None):
    """Invitations mailed, and counted signatures that came through an invitation's link (its channel).

    Measured by attribution, not by matching addresses: spreading keeps only keyed hashes of invitees.
    """
    invitations = Invitation.objects.filter(state=InvitationState.MAILED)
    invitations = invitations.filter(petition=petition) if petition else invitations
    totals = {"sent": invitations.count(),
              "signed": _signatures(petition).filter(channel="invite", state=SignatureState.VALIDATED).count()}
    totals["rate"] = round(100 * totals["signed"] / totals["sent"]) if totals["sent"] else 0
    return totals


def spreading_report(petition=None):
    depths, unreached = people_by_depth(petition)
    return {
        "channels": by_channel(petition), "sources": by_source(petition), "referrers": top_referrers(petition),
        "depths": list(enumerate(depths)), "max_depth": len(depths) - 1 if depths else 0, "unreached": unreached,
        "invitations": invitation_conversion(petition), "partners": signers_by_partner(petition),
    }
