from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import SnippetViewSet

from clarion.layout.models import Module


class ModuleFilterSet(WagtailFilterSet):
    class Meta:
        model = Module
        fields = ["position", "assignment", "live"]


class ModuleViewSet(SnippetViewSet):
    model = Module
    icon = "placeholder"
    menu_label = _("Modules")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "position", "assignment", "live"]
    filterset_class = ModuleFilterSet
    search_fields = ["title"]
