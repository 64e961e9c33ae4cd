from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from clarion.core.permissions import ReadOnlyPolicy
from clarion.mail.models import OutboxMessage


class OutboxFilterSet(WagtailFilterSet):
    class Meta:
        model = OutboxMessage
        fields = ["status"]


class OutboxViewSet(ModelViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Outbox")
    add_to_settings_menu = True
    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at"]
    filterset_class = OutboxFilterSet
    search_fields = ["to", "subject"]
    inspect_view_enabled = True
    inspect_view_fields = ["to", "reply_to", "subject", "template", "status", "attempts", "created_at", "sent_at",
                           "last_error", "text_body"]
    form_fields = ["to"]


register_permission_policy(OutboxMessage, ReadOnlyPolicy(OutboxMessage))


@hooks.register("register_admin_viewset")
def register_outbox():
    return OutboxViewSet("outbox")
