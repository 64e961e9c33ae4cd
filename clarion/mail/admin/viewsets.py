from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn

from clarion.core.admin_readonly import ReadOnlyViewSet
from clarion.mail.models import OutboxMessage


class OutboxFilterSet(WagtailFilterSet):
    class Meta:
        model = OutboxMessage
        fields = ["status"]


def _subject(message):
    if message.purged_at:
        # Emptied by the retention rule or an erasure (clarion.mail.privacy): only its template is left.
        return _("%(template)s (content removed)") % {"template": message.template or _("message")}
    # A signature's mails are written when sent (clarion.mail.deferred): until then, say which one it is.
    return message.subject or _("%(template)s (written when sent)") % {"template": message.template}


def _last_answer(message):
    """Why it failed or waits: "Refused for good: 550 5.1.1 …" or the connection error, shortened for the list."""
    return Truncator(message.last_error).chars(80) if message.status != OutboxMessage.Status.SENT else ""


class OutboxViewSet(ReadOnlyViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Outbox")
    add_to_settings_menu = True
    list_display = [
        TitleColumn("subject", label=_("Subject"), url_name="outbox:inspect", accessor=_subject),
        "to", "status", "attempts", "created_at", "sent_at",
        Column("last_error", label=_("Last answer"), accessor=_last_answer),
    ]
    filterset_class = OutboxFilterSet
    search_fields = ["to", "subject"]
    inspect_view_fields = ["to", "reply_to", "subject", "template", "status", "attempts", "created_at", "sent_at",
                           "purged_at", "last_error", "text_body"]
