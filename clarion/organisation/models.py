from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """Who speaks in the site's mail and pages: an editor's words; blank fields fall back to the environment."""

    name = models.CharField(
        _("organisation name"), max_length=120, blank=True,
        help_text=_("The sender's name, header and sign-off of every e-mail, and the name in page titles. "
                    "Blank: the site name (Settings → Sites), else CLARION_SITE_NAME."))
    sender_address = models.EmailField(
        _("sender address"), blank=True,
        help_text=_("The From address of every e-mail. Use an address of a domain your mail server may send "
                    "for (SPF, DKIM), or the mail lands in spam. Blank: DEFAULT_FROM_EMAIL."))
    reply_to = models.EmailField(
        _("reply-to address"), blank=True,
        help_text=_("Where replies go, if not to the sender address. Invitations still reply to the friend "
                    "who sent them. Blank: CLARION_REPLY_TO, else the sender address."))
    postal_address = models.TextField(
        _("postal address"), blank=True,
        help_text=_("Printed at the foot of every e-mail, as bulk-mail laws require. "
                    "Blank: CLARION_POSTAL_ADDRESS."))
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top of every e-mail; the site's favicon and app icons are made from it. "
                    "A square picture works best for the icons."))

    persian_digits = models.CharField(
        _("digits in Persian"), max_length=10, default="native",
        choices=[("native", _("Persian digits (۱۲۳)")), ("latin", _("Latin digits (123)"))],
        help_text=_("How figures are written on Persian pages, in Persian mail and in Persian delivery papers."))
    persian_calendar = models.CharField(
        _("calendar in Persian"), max_length=12, default="solar_hijri",
        choices=[("solar_hijri", _("Solar Hijri (۱ فروردین ۱۴۰۵)")), ("gregorian", _("Gregorian"))],
        help_text=_("How dates are written on Persian pages, in Persian mail and in Persian delivery papers."))
    arabic_digits = models.CharField(
        _("digits in Arabic"), max_length=10, default="latin",
        choices=[("latin", _("Latin digits (123)")), ("native", _("Arabic-Indic digits (١٢٣)"))],
        help_text=_("How figures are written on Arabic pages, in Arabic mail and in Arabic delivery papers."))

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("logo")], heading=_("Organisation")),
        MultiFieldPanel([FieldPanel("sender_address"), FieldPanel("reply_to"), FieldPanel("postal_address")],
                        heading=_("E-mail")),
        MultiFieldPanel([FieldPanel("persian_digits"), FieldPanel("persian_calendar"), FieldPanel("arabic_digits")],
                        heading=_("Digits and calendar")),
    ]

    class Meta:
        verbose_name = _("organisation")
