"""What happens after signing: delivery to the target, the target's response, the outcome; and when each
threshold was first reached. Kept beside the page, not in it: publishing an old draft must not undo a step."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class PetitionSteps(models.Model):
    petition = models.OneToOneField("petitions.PetitionPage", on_delete=models.CASCADE, primary_key=True,
                                    related_name="steps")
    delivered_at = models.DateTimeField(_("delivered on"), null=True, blank=True)
    delivery_method = models.CharField(_("how it was delivered"), max_length=200, blank=True,
                                       help_text=_("For example “in person at the ministry” or “by e-mail”."))
    delivery_recipient = models.CharField(_("to whom"), max_length=200, blank=True)
    delivery_note = models.TextField(_("note"), blank=True)
    delivery_photo = models.ForeignKey("wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    responded_at = models.DateTimeField(_("responded on"), null=True, blank=True)
    response_text = models.TextField(_("the target's response"), blank=True)
    response_document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("response document"), null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_at = models.DateTimeField(_("outcome on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The public timeline draws the photo in these sizes, made when the step is saved (clarion.pages.renditions).
    image_renditions = {"delivery_photo": ("timeline_photo",)}

    class Meta:
        verbose_name = _("petition delivery and outcome")
        permissions = [("record_steps", _("Can record a petition's delivery, response and outcome"))]

    def __str__(self):
        return str(self.petition_id)


class ThresholdReached(models.Model):
    """The first counting round that found the count at or above a threshold; kept if the count falls again."""

    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField()
    reached_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "count"], name="threshold_reached_once")]
        ordering = ["count"]

    def __str__(self):
        return f"{self.petition_id}: {self.count}"
