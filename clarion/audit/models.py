"""The log of personal-data exports: Wagtail log entries in their own table, so their visibility is their own.

In Wagtail's shared log an export of a petition's signatures would show to everyone who may edit the page;
here it shows (in Reports → Site history) only to users with the "view" permission of this model.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager

VIEW_EXPORT_LOG = "audit.view_exportlogentry"


class ExportLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        return self.all() if user.has_perm(VIEW_EXPORT_LOG) else self.none()


class ExportLogEntry(BaseLogEntry):
    """One export: `user` (none when a supporter downloads their own data), `timestamp`, the exported object
    (content type, id, a label free of personal data) and `data` = {"scope", "rows", and the filters used}."""

    object_id = models.CharField(max_length=255, db_index=True)

    objects = ExportLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("export of personal data")
        verbose_name_plural = _("exports of personal data")
        # Entries are written by exports only: nobody adds, edits or deletes one by hand.
        default_permissions = ("view",)
