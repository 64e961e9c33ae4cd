"""Read-only petition pages in the admin: the overview, the CSV export and the trending report."""

from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clarion.audit.actions import SIGNATURES, record_export
from clarion.core.adminviews import forbidden
from clarion.petitions.admin.base import VIEW_SIGNATURES, PetitionView, StaffView
from clarion.petitions.admin.forms import TrendingForm
from clarion.petitions.exports import csv_chunks, signatures_to_export
from clarion.petitions.models import PetitionPage, SignatureState
from clarion.petitions.reports import petition_overview, trending

# Excel reads a CSV as UTF-8 only when it starts with a byte-order mark; names in Persian or Arabic need it.
UTF8_BOM = "\ufeff"


class OverviewView(StaffView):
    page_title = gettext_lazy("Petitions")
    template_name = "petitions/admin/overview.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=petition_overview(), **kwargs)


def export_signatures(request, petition_id):
    """The petition's signatures as a CSV download, optionally only those in one state (?state=validated)."""
    if not request.user.has_perm(VIEW_SIGNATURES):
        return forbidden(request)
    petition = get_object_or_404(PetitionPage, pk=petition_id)
    state = request.GET.get("state", "")
    if state and state not in SignatureState.values:
        return HttpResponseBadRequest(
            _("Unknown state “%(state)s”; use one of: %(states)s.")
            % {"state": state, "states": ", ".join(SignatureState.values)},
            content_type="text/plain; charset=utf-8",
        )
    filename = "-".join(filter(None, [petition.slug, "signatures", state])) + ".csv"
    rows = signatures_to_export(petition, state)
    record_export(petition, scope=SIGNATURES, rows=rows.count(), title=petition.title, acting_user=request.user,
                  state=state)
    chunks = csv_chunks(rows)
    return StreamingHttpResponse(
        (chunk for part in ([UTF8_BOM], chunks) for chunk in part),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


class TrendingView(PetitionView):
    page_title = gettext_lazy("Trending signers")
    template_name = "petitions/admin/trending.html"

    def get(self, request, *args, **kwargs):
        data = request.GET.copy()
        data.setdefault("minutes", str(TrendingForm.DEFAULT_MINUTES))
        form = TrendingForm(data)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        minutes = form.cleaned_data["minutes"]
        return self.render_to_response(self.get_context_data(
            form=form, minutes=minutes, report=trending(self.petition, minutes)))
