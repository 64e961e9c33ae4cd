"""What every petition admin page shares: the permission check and the Wagtail page furniture."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from clarion.petitions.models import PetitionPage

# Reading signatures is personal data; changing their state (moderating, invalidating) is a separate right.
VIEW_SIGNATURES = "petitions.view_signature"
CHANGE_SIGNATURES = "petitions.change_signature"


def forbidden(request):
    """A plain 403 inside the admin: Wagtail's own answer is a redirect, which scripts and tests can't tell apart."""
    return TemplateResponse(request, "petitions/admin/forbidden.html", {
        "page_title": _("Not allowed"), "header_icon": "warning",
    }, status=403)


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    permission = VIEW_SIGNATURES
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

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
