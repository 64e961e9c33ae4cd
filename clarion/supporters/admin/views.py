"""Supporters in the Wagtail admin: a searchable list, each supporter's consent history and signatures, their tags,
and the data-protection actions (export as JSON, erase).

Reading supporters is personal data (view permission); tagging them is "change"; erasing them is "delete".
"""

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_countries import countries
from taggit.models import Tag
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from clarion.audit.actions import SUPPORTER, record_export
from clarion.core.adminviews import forbidden
from clarion.supporters import actions, gdpr
from clarion.supporters.models import Supporter

VIEW_SUPPORTERS = "supporters.view_supporter"
ERASE_SUPPORTERS = "supporters.delete_supporter"


def supporter_tags(request):
    return Tag.objects.filter(taggit_taggeditem_items__content_type__app_label="supporters").distinct().order_by(
        "name")


class SupporterFilterSet(WagtailFilterSet):
    subscribed = django_filters.BooleanFilter(label=_("Subscribed"), widget=forms.RadioSelect(choices=[
        ("", _("All")), ("true", _("Subscribed")), ("false", _("Not subscribed"))]))
    country = django_filters.ChoiceFilter(label=_("Country"), choices=countries, widget=forms.Select)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=settings.LANGUAGES, widget=forms.Select)
    tag = django_filters.ModelChoiceFilter(label=_("Tag"), field_name="tags", queryset=supporter_tags)
    # Bounced, complained or refused by the mail server for good: these addresses are no longer mailed.
    undeliverable = django_filters.BooleanFilter(
        label=_("Mail delivery"), field_name="undeliverable_at", lookup_expr="isnull", exclude=True,
        widget=forms.RadioSelect(choices=[("", _("All")), ("true", _("Undeliverable")), ("false", _("Deliverable"))]))

    class Meta:
        model = Supporter
        fields = ["subscribed", "country", "language", "tag", "undeliverable"]


class SupporterIndexView(IndexView):
    default_ordering = "-first_seen"

    def get_base_queryset(self):
        # Erased supporters are tombstones with nothing to show.
        return super().get_base_queryset().filter(erased_at__isnull=True)

    def get_edit_url(self, instance):
        # The supporter's page is their record and history; tags are edited from there.
        return self.get_inspect_url(instance)


class SupporterEditView(EditView):
    def save_instance(self):
        actions.set_tags(self.object, self.form.cleaned_data["tags"], acting_user=self.request.user)
        return self.object


class SupporterInspectView(InspectView):
    template_name = "supporters/admin/inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Supporter, pk=self.pk, erased_at__isnull=True)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(Button(_("Export as JSON"), url=reverse("supporters_admin:export", args=[self.object.pk]),
                              icon_name="download", priority=30))
        if self.request.user.has_perm(ERASE_SUPPORTERS):
            buttons.append(Button(_("Erase"), url=reverse("supporters_admin:erase", args=[self.object.pk]),
                                  icon_name="bin", priority=40))
        return buttons

    def get_context_data(self, **kwargs):
        supporter = self.object
        return super().get_context_data(
            consents=supporter.consents.select_related("notice").order_by("-created_at", "-pk"),
            signatures=gdpr.signatures_of(supporter).select_related("petition").order_by("-created_at"),
            recruits=supporter.recruits.count(), **kwargs)


def export_supporter(request, pk):
    if not request.user.has_perm(VIEW_SUPPORTERS):
        return forbidden(request)
    supporter = get_object_or_404(Supporter, pk=pk, erased_at__isnull=True)
    document = gdpr.export_supporter(supporter)
    record_export(supporter, scope=SUPPORTER, rows=gdpr.record_count(document), title=gdpr.export_title(supporter),
                  acting_user=request.user)
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2},
                        headers={"Content-Disposition": content_disposition_header(True, f"supporter-{pk}.json")})


class EraseSupporterView(WagtailAdminTemplateMixin, TemplateView):
    """Erasure with a confirmation step: the GET asks, the POST erases."""

    template_name = "supporters/admin/erase.html"
    page_title = _("Erase supporter")
    header_icon = "bin"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(ERASE_SUPPORTERS):
            return forbidden(request)
        self.supporter = get_object_or_404(Supporter, pk=kwargs["pk"], erased_at__isnull=True)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.supporter)

    def get_context_data(self, **kwargs):
        return super().get_context_data(supporter=self.supporter, signatures=gdpr.signatures_of(self.supporter)
                                        .count(), **kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirm") != "erase":
            return self.render_to_response(self.get_context_data(), status=400)
        actions.erase_supporter(self.supporter, how="admin", acting_user=request.user)
        messages.success(request, _("The supporter is erased; their signatures still count, anonymised."))
        return redirect("supporters_admin:index")


class SupporterViewSet(ModelViewSet):
    model = Supporter
    icon = "group"
    menu_label = _("Supporters")
    menu_order = 270
    add_to_admin_menu = True
    url_prefix = "supporters"
    index_view_class = SupporterIndexView
    edit_view_class = SupporterEditView
    inspect_view_class = SupporterInspectView
    inspect_view_enabled = True
    form_fields = ["tags"]
    filterset_class = SupporterFilterSet
    list_display = ["email", "name", "country", "language", BooleanColumn("subscribed", label=_("Subscribed")),
                    DateColumn("first_seen", label=_("First seen"), sort_key="first_seen")]
    search_fields = ["email", "name"]
    # Supporters are not in a Wagtail search index: search with the database's case-insensitive LIKE.
    search_backend_name = None
    inspect_view_fields = ["email", "name", "country", "language", "source", "first_seen", "referral_code",
                           "subscribed", "subscribed_at", "undeliverable_at", "undeliverable_reason", "tags"]

    def get_common_view_kwargs(self, **kwargs):
        # Supporters come from sign-ups and petitions, and leave by erasure: no add, delete or usage pages.
        return super().get_common_view_kwargs(**kwargs) | {
            "add_url_name": None, "delete_url_name": None, "usage_url_name": None, "copy_url_name": None,
        }

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
            path("edit/<id:pk>/", self.edit_view, name="edit"),
            path("history/<id:pk>/", self.history_view, name="history"),
            path("history-results/<id:pk>/", self.history_results_view, name="history_results"),
            path("export/<id:pk>/", export_supporter, name="export"),
            path("erase/<id:pk>/", EraseSupporterView.as_view(), name="erase"),
        ]

    @property
    def url_finder_class(self):
        return type("SupporterURLFinder", (ModelAdminURLFinder,), {"edit_url_name": self.get_url_name("inspect")})
