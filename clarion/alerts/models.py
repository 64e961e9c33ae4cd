"""Segments (who), mailings (what) and one delivery row per recipient (whether it went)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from clarion.alerts.merge import validate_merge_template
from clarion.alerts.segments import segment_recipients
from clarion.core import languages


class Segment(models.Model):
    """Saved conditions, all of which a supporter must meet; only opted-in, mailable supporters ever match."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    countries = CountryField(_("country is one of"), multiple=True, blank=True)
    signed_petition = models.ForeignKey(
        "petitions.PetitionPage", verbose_name=_("signed petition"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("Confirmed signatures only."))
    not_signed_petition = models.ForeignKey(
        "petitions.PetitionPage", verbose_name=_("did not sign petition"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    joined_after = models.DateField(_("joined on or after"), null=True, blank=True)
    joined_before = models.DateField(_("joined before"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True,
                                help_text=_("A language code such as fa or en; fa also matches fa-IR."))
    tag = models.CharField(_("tagged"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("segment")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.joined_after and self.joined_before and self.joined_after >= self.joined_before:
            raise ValidationError({"joined_before": _("Must be later than “joined on or after”.")})

    def recipients(self):
        return segment_recipients(self)


class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    PAUSED = "paused", _("Paused")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class Mailing(ClusterableModel):
    subject = models.CharField(_("subject"), max_length=200, help_text=_("Merge fields allowed."))
    preheader = models.CharField(_("preheader"), max_length=200, blank=True,
                                 help_text=_("The line mail programs show after the subject."))
    body = models.TextField(_("body"), help_text=_(
        "Plain text. Blank lines separate paragraphs; links become clickable. Merge fields such as "
        "{{ first_name|default:\"Friend\" }} and {{ petition_link }} are filled in for each recipient."))
    petition = models.ForeignKey("petitions.PetitionPage", verbose_name=_("petition it promotes"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    segment = models.ForeignKey(Segment, verbose_name=_("send to"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="mailings")
    update_for = models.ForeignKey(
        "petitions.PetitionPage", verbose_name=_("or: an update to the signers of"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Everyone who confirmed their signature, whether or not they subscribed to news (they asked to "
                    "hear about it by signing), less those who stopped this petition's updates."))
    status = models.CharField(_("status"), max_length=10, choices=MailingStatus.choices,
                              default=MailingStatus.DRAFT, editable=False)
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True, editable=False)
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0, editable=False)
    skipped_count = models.PositiveIntegerField(_("skipped (frequency cap)"), default=0, editable=False)
    # Throttle: the earliest time the next batch may go, shared by every worker through this row.
    next_batch_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Last sign of life from a sending task; the periodic sweep restarts a mailing whose tasks went quiet.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("mailing")
        permissions = [("send_mailing", _("Can send mailings to supporters"))]
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "scheduled_at"], name="mailing_due")]

    def __str__(self):
        return self.subject

    def clean(self):
        if self.pk and not self.editable:
            raise ValidationError(_("This mailing has started; it can no longer be changed."))
        errors = merge_field_errors(self)
        if self.segment_id and self.update_for_id:
            errors["update_for"] = _("Send either to a segment or to a petition's signers, not both.")
        if errors:
            raise ValidationError(errors)

    @property
    def editable(self):
        return self.status in (MailingStatus.DRAFT, MailingStatus.SCHEDULED)


def merge_field_errors(text):
    """{field: error} for the subject, preheader and body of a mailing or a version whose merge fields are wrong."""
    errors = {}
    for field in ("subject", "preheader", "body"):
        try:
            validate_merge_template(getattr(text, field))
        except ValidationError as error:
            errors[field] = error
    return errors


class MailingVersion(models.Model):
    """The mailing written in one language: supporters who read it get this, the others the mailing's own text."""

    mailing = ParentalKey(Mailing, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=200, help_text=_("Merge fields allowed."))
    preheader = models.CharField(_("preheader"), max_length=200, blank=True)
    body = models.TextField(_("body"))

    class Meta:
        verbose_name = _("version in another language")
        constraints = [models.UniqueConstraint(fields=["mailing", "language"], name="one_version_per_language")]

    def __str__(self):
        return f"{self.language}: {self.subject}"

    def clean(self):
        errors = merge_field_errors(self)
        if languages.spoken(self.language) != self.language:
            errors["language"] = _("Choose one of the site's languages.")
        if errors:
            raise ValidationError(errors)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    CLAIMED = "claimed", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped (no longer mailable)")
    CANCELLED = "cancelled", _("Cancelled")


class Delivery(models.Model):
    """One recipient of one mailing: claimed before sending, marked after, never created twice."""

    wagtail_reference_index_ignore = True

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    supporter = models.ForeignKey("supporters.Supporter", on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # A temporary refusal (4xx) for this recipient: how many so far, and not to be claimed again before retry_at.
    refusals = models.PositiveSmallIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["mailing", "supporter"], name="one_delivery_per_recipient")]
        indexes = [
            models.Index(fields=["mailing", "status"], name="delivery_queue"),
            models.Index(fields=["supporter", "sent_at"], name="delivery_recent"),
        ]

    def __str__(self):
        return f"{self.mailing_id} → {self.supporter_id}: {self.status}"


class PetitionUpdateOptOut(models.Model):
    """A signer who asked for no more updates about one petition (their other petitions' updates still come)."""

    supporter = models.ForeignKey("supporters.Supporter", on_delete=models.CASCADE, related_name="+")
    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["supporter", "petition"], name="one_update_opt_out")]

    def __str__(self):
        return f"{self.supporter_id} ✕ {self.petition_id}"
