"""Hourly figures the morning screen draws from, so it never counts a petition's signatures from scratch.

Each hour is rolled up once, after it has ended (clarion.dashboard.rollup). `submitted` counts the entries
received in that hour (by `created_at`); `confirmed` the signatures confirmed in that hour (by `confirmed_at`)
and still confirmed when the hour was rolled up. A late confirmation therefore lands in the hour it happened.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HourlyFigure(models.Model):
    wagtail_reference_index_ignore = True

    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(_("hour"))
    submitted = models.PositiveIntegerField(_("submitted"), default=0)
    confirmed = models.PositiveIntegerField(_("confirmed"), default=0)

    class Meta:
        verbose_name = _("hourly figure")
        constraints = [models.UniqueConstraint(fields=["petition", "hour"], name="one_figure_per_petition_hour")]

    def __str__(self):
        return f"{self.petition_id} {self.hour:%Y-%m-%d %H:00}: {self.submitted}/{self.confirmed}"


class HourlySource(models.Model):
    """The same hour split by where signers came from (clarion.spread.reports.signature_source)."""

    wagtail_reference_index_ignore = True

    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(_("hour"))
    source = models.CharField(_("source"), max_length=100, blank=True)
    submitted = models.PositiveIntegerField(_("submitted"), default=0)
    confirmed = models.PositiveIntegerField(_("confirmed"), default=0)

    class Meta:
        verbose_name = _("hourly figure by source")
        constraints = [models.UniqueConstraint(fields=["petition", "hour", "source"],
                                               name="one_source_figure_per_petition_hour")]

    def __str__(self):
        return f"{self.petition_id} {self.hour:%Y-%m-%d %H:00} {self.source or '-'}: {self.confirmed}"


class RollUp(models.Model):
    """The one row saying up to which hour the figures are stored; the roll-up locks it while it works."""

    rolled_up_to = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roll-up mark")

    def __str__(self):
        return f"rolled up to {self.rolled_up_to}"
