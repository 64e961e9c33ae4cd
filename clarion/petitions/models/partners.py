"""Partner organisations allowed to carry the petition on their own sites (clarion.embed): an origin each, and
optionally their own opt-in wording, so a signer may choose to hear from the partner as well."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from clarion.core.origin import origin_of


def normalise_origin(value):
    """`scheme://host[:port]` as browsers send it in the Origin header (lower case, default port left out), or
    None for anything that is not exactly a web origin: a path, query, user name or fragment included."""
    text = (value or "").strip()
    found = origin_of(text)
    if found is None:
        return None
    scheme, host, port = found
    rest = text.split("://", 1)[1]
    if any(mark in rest for mark in "/?#@\\") or rest.endswith(":") or " " in text:
        return None
    default = {"http": 80, "https": 443}[scheme]
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}" + ("" if port == default else f":{port}")


def validate_origin(value):
    if normalise_origin(value) is None:
        raise ValidationError(_("Give the partner site's origin only: https://partner.example or "
                                "https://partner.example:8443, without a path."))


class PetitionPartner(Orderable):
    petition = ParentalKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("organisation"), max_length=120)
    origin = models.CharField(
        _("site origin"), max_length=200, validators=[validate_origin],
        help_text=_("The address of the partner's site without a path, e.g. https://partner.example. Only pages on "
                    "this origin may show the petition's form and send signatures."))
    opt_in_text = models.CharField(
        _("partner's opt-in text"), max_length=300, blank=True,
        help_text=_("Optional. Shown beside a second unticked box on the partner's site, e.g. “Yes, Partner "
                    "may e-mail me about its work.” The exact text is stored with each answer."))
    privacy_url = models.URLField(_("partner's privacy notice"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("origin"), FieldPanel("opt_in_text"), FieldPanel("privacy_url")]

    class Meta(Orderable.Meta):
        verbose_name = _("partner site")
        constraints = [models.UniqueConstraint(fields=["petition", "origin"], name="one_partner_per_origin")]

    def clean(self):
        super().clean()
        self.origin = normalise_origin(self.origin) or self.origin

    def __str__(self):
        return f"{self.name} ({self.origin})"
