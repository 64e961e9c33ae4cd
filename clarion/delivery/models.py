from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperSignature(models.Model):
    """Signatures collected on paper: one named row (count 1) or a tally with a note. Never part of the verified
    online count; shown beside it."""

    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="paper_signatures")
    name = models.CharField(_("name"), max_length=120, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    count = models.PositiveIntegerField(_("number of signatures"), default=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("entered by"))

    class Meta:
        verbose_name = _("paper signature")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name or self.note or str(self.count)


class PackStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be built")
    BUILDING = "building", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class DeliveryPack(models.Model):
    """The files handed to the target: a summary PDF, and the names of those who chose to give them, as CSV and
    PDF volumes. The files live in the private data folder, never under a public URL."""

    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="delivery_packs")
    cover_letter = models.TextField(_("cover letter"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED)
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    verified = models.PositiveIntegerField(_("verified online"), default=0)
    paper = models.PositiveIntegerField(_("on paper"), default=0)
    names = models.PositiveIntegerField(_("names given"), default=0)
    files = models.JSONField(_("files"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    # Written with every progress report: a build whose worker died stops moving and may be started again.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("built"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_to = models.EmailField(_("sent to"), blank=True)

    class Meta:
        verbose_name = _("delivery pack")
        ordering = ["-created_at"]
        permissions = [("download_deliverypack", _("Can download and send delivery packs"))]

    def __str__(self):
        return f"{self.petition} #{self.pk}"

    @property
    def directory(self):
        return Path(settings.DATA_DIR) / "delivery" / str(self.pk)

    @property
    def percent(self):
        return round(100 * self.done / self.total, 1) if self.total else 0
