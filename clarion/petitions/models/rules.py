from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from clarion.petitions.matching import domain_matches, in_network, parse_network


class AccessRule(models.Model):
    """A block or allow entry for an IP/range, an e-mail domain (wildcards allowed) or an address."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("IP address or range (CIDR)")
        DOMAIN = "domain", _("E-mail domain (wildcards like *.example.org)")
        ADDRESS = "address", _("E-mail address")

    class Action(models.TextChoices):
        BLOCK = "block", _("Block: mark as fraudulent")
        ALLOW = "allow", _("Allow: never rate-limit or block")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, default=Action.BLOCK)
    value = models.CharField(_("value"), max_length=254)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("action")]), FieldPanel("value"), FieldPanel("note")]

    class Meta:
        verbose_name = _("block/allow rule")
        verbose_name_plural = _("block/allow rules")

    def __str__(self):
        return f"{self.get_action_display()}: {self.value}"

    def clean(self):
        self.value = self.value.strip().lower()
        if self.kind == self.Kind.NETWORK:
            try:
                self.value = str(parse_network(self.value))
            except ValueError:
                raise ValidationError({"value": _("Give an IP address or range such as 203.0.113.0/24.")}) from None

    def matches(self, ip, email, domain):
        if self.kind == self.Kind.NETWORK:
            try:
                return in_network(ip, parse_network(self.value))
            except ValueError:
                return False
        if self.kind == self.Kind.DOMAIN:
            return domain_matches(domain, self.value)
        return email == self.value


@register_setting(icon="warning")
class PetitionSettings(BaseGenericSetting):
    """Thresholds for signing and fraud defences, editable by an administrator."""

    burst_limit = models.PositiveIntegerField(
        _("signatures per IP per petition in the short window"), default=5,
        help_text=_("Confirmed signatures beyond this from one IP address are held for review, not counted "
                    "until an editor releases them."))
    burst_minutes = models.PositiveIntegerField(_("short window (minutes)"), default=5)
    sustained_limit = models.PositiveIntegerField(_("signatures per IP per petition in the long window"), default=50)
    sustained_hours = models.PositiveIntegerField(_("long window (hours)"), default=24)
    min_fill_seconds = models.PositiveIntegerField(
        _("minimum seconds to fill the form"), default=3,
        help_text=_("Faster submissions (measured in the browser) are held for review once confirmed."))
    address_mail_limit = models.PositiveIntegerField(
        _("e-mails about one petition to one address"), default=3, validators=[MinValueValidator(1)],
        help_text=_("Confirmation links and “already signed” notices, within the window below. Beyond it "
                    "nothing is sent, so nobody can flood an inbox by signing with someone else’s address; "
                    "but someone who does can make the owner wait for the window to pass."))
    address_mail_hours = models.PositiveIntegerField(_("window for those e-mails (hours)"), default=6,
                                                     validators=[MinValueValidator(1)])
    count_shared_addresses = models.BooleanField(
        _("count confirmed signers behind a shared address without review"), default=False,
        help_text=_("Universities, offices and mobile carriers put many people behind one IP address. With "
                    "this on, a confirmed signature over the per-address limits still counts when its e-mail "
                    "address differs from every other counted one from that IP address, up to the limit below."))
    shared_address_limit = models.PositiveIntegerField(
        _("confirmed e-mail addresses from one IP address that count without review"), default=200,
        help_text=_("Within the long window, per petition. Beyond it, confirmed signatures are held for review."))
    household_rule = models.BooleanField(
        _("let a second person at the same address and postal code sign with the same e-mail"), default=False)
    confirmation_days = models.PositiveIntegerField(_("confirmation link valid for (days)"), default=30)
    disposable_domains = models.TextField(
        _("disposable e-mail domains"), blank=True,
        help_text=_("One per line; confirmed signatures from these are held for review. Added to the built-in "
                    "list."))
    use_builtin_disposable_list = models.BooleanField(_("also use the built-in disposable-domain list"),
                                                      default=True)
    ip_retention_days = models.PositiveIntegerField(
        _("drop a signature's IP address this many days after signing"), default=30,
        help_text=_("Whether or not the petition has closed. Keep it longer than the long rate-limit window."))
    anonymise_months = models.PositiveIntegerField(_("anonymise signatures this many months after closing"),
                                                   default=12)
    country_figures_minimum = models.PositiveIntegerField(
        _("publish a country's figure from this many signatures"), default=10,
        help_text=_("Below it, a country is left out of the public figures, so nobody watching them can tell "
                    "when one person from a rare country confirmed."))

    panels = [
        MultiFieldPanel([FieldRowPanel([FieldPanel("burst_limit"), FieldPanel("burst_minutes")]),
                         FieldRowPanel([FieldPanel("sustained_limit"), FieldPanel("sustained_hours")]),
                         FieldPanel("min_fill_seconds"),
                         FieldRowPanel([FieldPanel("count_shared_addresses"), FieldPanel("shared_address_limit")])],
                        heading=_("Rate limits")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("address_mail_limit"), FieldPanel("address_mail_hours")]),
                         FieldPanel("household_rule"),
                         FieldPanel("confirmation_days")], heading=_("Signing")),
        MultiFieldPanel([FieldPanel("use_builtin_disposable_list"), FieldPanel("disposable_domains")],
                        heading=_("Disposable addresses")),
        MultiFieldPanel([FieldPanel("ip_retention_days"), FieldPanel("anonymise_months"),
                         FieldPanel("country_figures_minimum")], heading=_("Privacy")),
    ]

    class Meta:
        verbose_name = _("petition settings")

    def clean(self):
        """Refuses thresholds that contradict each other, each message beside the field to change."""
        super().clean()
        errors = {}
        for field in ("burst_minutes", "sustained_hours"):
            if getattr(self, field) < 1:
                # A window of no length counts nothing: every limit in it would be off without saying so.
                errors[field] = _("Give a window of at least 1.")
        if not errors and self.burst_minutes > self.sustained_hours * 60:
            errors["burst_minutes"] = _("Keep the short window within the long window (%(hours)d hours).") % {
                "hours": self.sustained_hours}
        if self.burst_limit > self.sustained_limit:
            # The long window holds the short one: a higher short limit could never be reached.
            errors["burst_limit"] = _("Give at most the long-window limit (%(n)d).") % {"n": self.sustained_limit}
        if self.ip_retention_days * 24 < self.sustained_hours:
            # The long rate-limit window counts signatures by their IP address: it needs them that long.
            errors["ip_retention_days"] = _("Keep IP addresses at least as long as the long rate-limit window.")
        if self.count_shared_addresses and self.shared_address_limit <= self.burst_limit:
            # A limit at or below the short one would never let anyone through that the short one held.
            errors["shared_address_limit"] = _("Give a limit above the short-window limit (%(n)d).") % {
                "n": self.burst_limit}
        if errors:
            raise ValidationError(errors)
