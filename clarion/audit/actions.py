"""The one door that writes the export log."""

from clarion.audit.models import ExportLogEntry

EXPORT = "clarion.export"
# What was exported: a petition's signatures, or everything held on one supporter.
SIGNATURES = "signatures"
SUPPORTER = "supporter"
# How: by a user in the admin, or by the supporter themself through their preferences link.
ADMIN = "admin"
SELF_SERVICE = "self-service"


def record_export(instance, *, scope, rows, title, acting_user=None, channel=ADMIN, **filters):
    """Log an export of `rows` records about `instance`. Called before the data leaves, so a download that is
    cut short is logged too. `title` names the object without personal data (it outlives an erasure).
    `acting_user` is the staff user who exported; None (or anonymous) for the supporter's own download."""
    if acting_user is not None and not acting_user.is_authenticated:
        acting_user = None
    return ExportLogEntry.objects.log_action(
        instance, EXPORT, user=acting_user, title=title,
        data={"scope": scope, "rows": rows, "channel": channel, "filters": filters},
    )
