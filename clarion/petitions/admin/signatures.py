"""The signature browser: a read-only Wagtail listing with filters, search and an inspect page.

Staff never edit a signature by hand; state changes go through moderation and invalidation, which log them.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views.generic import IndexView

from clarion.core.admin_readonly import ReadOnlyViewSet
from clarion.petitions.admin.forms import DomainPatternField, NetworkField
from clarion.petitions.models import CommentState, PetitionPage, Signature
from clarion.petitions.reports import TooBroad, addresses_in, domains_like

TOO_BROAD = _("That matches too many different values to list; narrow it down.")


class NetworkFilter(django_filters.CharFilter):
    field_class = NetworkField


class DomainPatternFilter(django_filters.CharFilter):
    field_class = DomainPatternField


class SignatureFilterSet(WagtailFilterSet):
    petition = django_filters.ModelChoiceFilter(label=_("Petition"),
                                                queryset=PetitionPage.originals().order_by("title"))
    country = django_filters.ChoiceFilter(label=_("Country"), choices=countries, widget=forms.Select)
    comment_state = django_filters.ChoiceFilter(
        label=_("Comment"), widget=forms.RadioSelect, empty_label=_("All"),
        choices=[(value, label) for value, label in CommentState.choices if value])
    created_at = django_filters.DateFromToRangeFilter(label=_("Signed between"), widget=DateRangePickerWidget)
    ip_address = NetworkFilter(label=_("IP address or range"), method="filter_network")
    email_domain = DomainPatternFilter(label=_("E-mail domain (wildcards allowed)"), method="filter_domain")

    class Meta:
        model = Signature
        fields = ["petition", "state", "country", "comment_state", "created_at", "ip_address", "email_domain"]

    def filter_network(self, queryset, name, value):
        return self._filter_in(queryset, name, addresses_in, value)

    def filter_domain(self, queryset, name, value):
        return self._filter_in(queryset, name, domains_like, value)

    def _filter_in(self, queryset, name, find_values, value):
        try:
            return queryset.filter(**{f"{name}__in": find_values(queryset, value)})
        except TooBroad:
            self.form.add_error(name, TOO_BROAD)
            return queryset.none()


class SignatureIndexView(IndexView):
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("petition")

    def filter_queryset(self, queryset):
        # Wagtail lists everything when a filter is invalid; a mistyped IP range must not look like a match.
        if self.filters and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)


class SignatureViewSet(ReadOnlyViewSet):
    model = Signature
    icon = "user"
    menu_label = _("Signatures")
    url_prefix = "petitions/signatures"
    index_view_class = SignatureIndexView
    list_display = ["name", "email", "petition", "country", "state", "fraud_reason",
                    DateColumn("created_at", label=_("Signed"), sort_key="created_at"),
                    DateColumn("confirmed_at", label=_("Confirmed"), sort_key="confirmed_at"), "ip_address"]
    filterset_class = SignatureFilterSet
    search_fields = ["name", "email", "ip_address", "email_domain"]
    # Signatures are not in a Wagtail search index: search with the database's case-insensitive LIKE.
    search_backend_name = None
    inspect_view_fields = [
        "name", "email", "canonical_email", "petition", "country", "postal_code", "comment", "comment_state",
        "opt_in", "consent_text", "show_name", "name_to_target", "name_to_target_text", "state",
        "fraud_reason", "ip_address", "created_at",
        "confirmed_at", "reviewed_at", "invalidation", "state_before_invalidation", "anonymised_at",
    ]
