"""What every petition admin page shares: the right to read signatures, the breadcrumbs, the petition shown."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from clarion.core.adminviews import StaffView as BaseStaffView
from clarion.petitions.models import PetitionPage

# Reading signatures is personal data; changing their state (moderating, invalidating) is a separate right.
VIEW_SIGNATURES = "petitions.view_signature"
CHANGE_SIGNATURES = "petitions.change_signature"


class StaffView(BaseStaffView):
    permission = VIEW_SIGNATURES
    header_icon = "form"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("petitions_admin:overview"), "label": _("Petitions")},
                {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()}]


class OptionalPetitionView(StaffView):
    """A page over all petitions, or the one chosen by `?petition=<id>`."""

    @cached_property
    def petition(self):
        petition_id = self.request.GET.get("petition", "")
        return get_object_or_404(PetitionPage, pk=petition_id) if petition_id.isdigit() else None

    def get_page_subtitle(self):
        return self.petition.title if self.petition else ""


class PetitionView(StaffView):
    """A page about the one petition named by `petition_id` in its URL."""

    @cached_property
    def petition(self):
        return get_object_or_404(PetitionPage, pk=self.kwargs["petition_id"])

    def get_page_subtitle(self):
        return self.petition.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(petition=self.petition, **kwargs)
