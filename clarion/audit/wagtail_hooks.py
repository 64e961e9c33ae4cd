from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from clarion.audit.actions import EXPORT, SELF_SERVICE, SIGNATURES, SUPPORTER
from clarion.audit.models import ExportLogEntry


class ExportMessage(LogFormatter):
    label = _("Export personal data")

    def format_message(self, log_entry):
        data = log_entry.data
        rows = data.get("rows", 0)
        if data.get("scope") == SIGNATURES:
            message = ngettext("Exported %(rows)d signature as CSV", "Exported %(rows)d signatures as CSV", rows)
            state = (data.get("filters") or {}).get("state")
            if state:
                return f"{message % {'rows': rows}} {_('(only “%(state)s”)') % {'state': state}}"
        elif data.get("scope") == SUPPORTER and data.get("channel") == SELF_SERVICE:
            message = ngettext("The supporter downloaded their own data (%(rows)d record)",
                               "The supporter downloaded their own data (%(rows)d records)", rows)
        elif data.get("scope") == SUPPORTER:
            message = ngettext("Exported all data held on the supporter as JSON (%(rows)d record)",
                               "Exported all data held on the supporter as JSON (%(rows)d records)", rows)
        else:
            message = ngettext("Exported %(rows)d record of personal data",
                               "Exported %(rows)d records of personal data", rows)
        return message % {"rows": rows}


@hooks.register("register_log_actions")
def register_export_log(actions):
    # Registering the model adds its entries to Reports → Site history (filtered by viewable_by_user).
    actions.register_model(ExportLogEntry, ExportLogEntry)
    actions.register_action(EXPORT)(ExportMessage)


@hooks.register("register_permissions")
def register_export_log_permission():
    # Lets an administrator grant "view exports of personal data" to a group (Settings → Groups).
    return Permission.objects.filter(content_type__app_label="audit", codename="view_exportlogentry")
