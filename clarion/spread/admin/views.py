"""The spreading report in the Wagtail admin, for staff who may read signatures."""

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from clarion.audit.actions import record_export
from clarion.core.adminviews import forbidden
from clarion.petitions.admin.base import VIEW_SIGNATURES, OptionalPetitionView
from clarion.petitions.models import PetitionPage, PetitionPartner
from clarion.petitions.partners import opt_in_csv, partner_opt_ins
from clarion.spread.reports import spreading_report


class SpreadingReportView(OptionalPetitionView):
    page_title = _("Spreading")
    header_icon = "link"
    template_name = "spread/admin/report.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("spread_admin_report"), "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(petition=self.petition, petitions=PetitionPage.originals().order_by("title"),
                                        report=spreading_report(self.petition), **kwargs)


# The scope of a partner's opt-in download in the export log (clarion.audit).
PARTNER_OPT_INS = "partner_opt_ins"


def export_partner_opt_ins(request, partner_id):
    """The confirmed signers who opted in to a partner's updates, as CSV for that partner; logged as every
    export of personal data is, before the data leaves."""
    if not request.user.has_perm(VIEW_SIGNATURES):
        return forbidden(request)
    partner = get_object_or_404(PetitionPartner.objects.select_related("petition"), pk=partner_id)
    rows = partner_opt_ins(partner)
    record_export(partner.petition, scope=PARTNER_OPT_INS, rows=rows.count(),
                  title=f"{partner.petition.title} · {partner.name}", acting_user=request.user, partner=partner.pk)
    filename = f"{partner.petition.slug}-opt-ins-{partner.pk}.csv"
    # Excel reads a CSV as UTF-8 only when it starts with a byte-order mark.
    chunks = (chunk for part in (["\ufeff"], opt_in_csv(rows)) for chunk in part)
    return StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": content_disposition_header(True, filename)})
