"""Settings → Block/allow rules: IP addresses or ranges, e-mail domains and addresses to block or to allow."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import SnippetViewSet

from clarion.petitions.models import AccessRule


class AccessRuleFilterSet(WagtailFilterSet):
    class Meta:
        model = AccessRule
        fields = ["kind", "action"]


class AccessRuleViewSet(SnippetViewSet):
    model = AccessRule
    icon = "warning"
    menu_label = _("Block/allow rules")
    add_to_settings_menu = True
    list_display = ["value", "kind", "action", "note", "created_at"]
    filterset_class = AccessRuleFilterSet
    search_fields = ["value", "note"]
