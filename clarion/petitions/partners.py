"""What partner sites brought in (read by the spreading report), and the signers who opted in to a partner's
updates, as the CSV the organisation hands that partner. Only confirmed, not anonymised signatures are a
partner's opt-ins: an unconfirmed entry may have been sent in someone else's name."""

import csv
import io

from django.db.models import Count, Q

from clarion.petitions.exports import neutralise
from clarion.petitions.models import PetitionPartner, Signature, SignatureState

OPT_IN_COLUMNS = ("name", "email", "country", "partner_consent_text", "confirmed_at")


def signers_by_partner(petition=None):
    """One row per partner site: signatures made there, confirmed ones, and confirmed partner opt-ins."""
    partners = PetitionPartner.objects.select_related("petition")
    if petition:
        partners = partners.filter(petition=petition)
    confirmed = Q(signatures__state=SignatureState.VALIDATED)
    rows = partners.annotate(
        total=Count("signatures"), confirmed=Count("signatures", filter=confirmed),
        opt_ins=Count("signatures", filter=confirmed & Q(signatures__partner_opt_in=True,
                                                         signatures__anonymised_at__isnull=True)),
    ).order_by("-confirmed", "-total", "name")
    return [{"partner": row, "petition": row.petition.title, "total": row.total, "confirmed": row.confirmed,
             "opt_ins": row.opt_ins} for row in rows]


def partner_opt_ins(partner):
    return Signature.objects.filter(partner=partner, partner_opt_in=True, state=SignatureState.VALIDATED,
                                    anonymised_at__isnull=True).order_by("confirmed_at", "pk")


def opt_in_csv(rows):
    """The CSV text of `rows`, a header then one line each; what a signer typed is neutralised for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(OPT_IN_COLUMNS)
    for values in rows.values_list(*OPT_IN_COLUMNS).iterator(chunk_size=2000):
        writer.writerow([neutralise(value) for value in values])
        if buffer.tell() >= 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
