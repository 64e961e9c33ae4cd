"""The spreading report in the Wagtail admin, for staff who may read signatures."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clarion.petitions.admin.base import OptionalPetitionView
from clarion.petitions.models import PetitionPage
from clarion.spread.reports import spreading_report


class SpreadingReportView(OptionalPetitionView):
    page_title = _("Spreading")
    header_icon = "link"
    template_name = "spread/admin/report.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("spread_admin_report"), "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(petition=self.petition, petitions=PetitionPage.objects.order_by("title"),
                                        report=spreading_report(self.petition), **kwargs)
