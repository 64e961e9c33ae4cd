"""One supporter per person (canonical e-mail), across petitions and sign-ups, with every consent kept."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

# No vowels, no look-alikes (0/o, 1/l): codes never spell words and survive being read aloud.
REFERRAL_ALPHABET = "23456789bcdfghjkmnpqrstvwxz"
REFERRAL_LENGTH = 10  # 27**10 ≈ 2·10^14: not guessable, not derived from any id


def new_referral_code():
    return "".join(secrets.choice(REFERRAL_ALPHABET) for _ in range(REFERRAL_LENGTH))


class SupporterQuerySet(models.QuerySet):
    def mailable(self):
        """Current opt-in, address not known to bounce or complain, not erased."""
        return self.filter(subscribed=True, undeliverable_at__isnull=True, erased_at__isnull=True)


class Supporter(models.Model):
    wagtail_reference_index_ignore = True

    email = models.EmailField(_("e-mail"), max_length=254)
    canonical_email = models.CharField(_("canonical e-mail"), max_length=254, unique=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    source = models.CharField(_("source"), max_length=80, blank=True,
                              help_text=_("Where this supporter first came from, e.g. petition:12 or signup."))
    first_seen = models.DateTimeField(_("first seen"), auto_now_add=True, db_index=True)
    referral_code = models.CharField(_("referral code"), max_length=16, unique=True, default=new_referral_code,
                                     editable=False)
    # Denormalised from the latest consent record, so segments filter on a column; Consent keeps the history.
    subscribed = models.BooleanField(_("subscribed"), default=False)
    subscribed_at = models.DateTimeField(_("subscribed since"), null=True, blank=True)
    undeliverable_at = models.DateTimeField(_("undeliverable since"), null=True, blank=True)
    undeliverable_reason = models.CharField(_("why undeliverable"), max_length=200, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    # Bumped on erasure and on every opt-out: links e-mailed before then may only lower what we send.
    token_version = models.PositiveIntegerField(default=0, editable=False)
    tags = TaggableManager(_("tags"), blank=True)

    objects = SupporterQuerySet.as_manager()

    class Meta:
        verbose_name = _("supporter")
        ordering = ["-first_seen"]
        indexes = [
            models.Index(fields=["first_seen"], name="supporter_mailable",
                         condition=Q(subscribed=True, undeliverable_at__isnull=True, erased_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email

    @property
    def first_name(self):
        return self.name.split()[0] if self.name.strip() else ""


class ConsentNotice(models.Model):
    """One exact wording of a consent notice; each distinct text is its own version."""

    text = models.TextField(_("text shown"))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent notice")

    def __str__(self):
        return f"v{self.pk}: {self.text[:60]}"


class ConsentAction(models.TextChoices):
    OPT_IN = "opt_in", _("Opted in")
    OPT_OUT = "opt_out", _("Opted out")


class Consent(models.Model):
    """Every opt-in and opt-out, as it happened: never deleted (except by erasure); only the IP address is
    dropped, after the IP retention period (actions.forget_consent_ips)."""

    wagtail_reference_index_ignore = True

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(_("action"), max_length=8, choices=ConsentAction.choices)
    channel = models.CharField(_("channel"), max_length=20,
                               help_text=_("petition, signup, unsubscribe, preferences, admin, bounce…"))
    notice = models.ForeignKey(ConsentNotice, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=80, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("consent record")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} via {self.channel} at {self.created_at:%Y-%m-%d %H:%M}"
