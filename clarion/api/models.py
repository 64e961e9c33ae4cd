"""API keys for trusted tools, and the log of every read of personal data made with one."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ_PERSONAL_DATA = "personal_data:read", _("Read personal data (signatures and supporters)")
    RECORD_SIGNATURES = "signatures:record", _("Record signatures")
    MANAGE_WEBHOOKS = "webhooks:manage", _("Manage webhooks")


class ApiKey(models.Model):
    """A key a tool sends as `Authorization: Bearer …` or `OSDI-API-Token: …`. Only the SHA-256 of its secret
    is stored: the key itself is shown once, when it is issued, and cannot be read back from here."""

    name = models.CharField(_("name"), max_length=100, help_text=_("Who uses this key, and for what."))
    # The first characters of the key: how an admin tells keys apart, and how a presented key finds its row.
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    vouches = models.BooleanField(
        _("vouches for confirmed addresses"), default=False,
        help_text=_("Signatures this key records count without a confirmation e-mail: only for a tool that "
                    "confirmed each address itself."))
    rate_per_minute = models.PositiveIntegerField(
        _("requests per minute"), default=60, validators=[MinValueValidator(1), MaxValueValidator(10_000)])
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("issued by"))

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]
        default_permissions = ()
        permissions = [("manage_apikey", _("Can issue and revoke API keys"))]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)

    def allows(self, scope):
        return scope in self.scopes

    def get_scopes_display(self):
        labels = dict(Scope.choices)
        return [labels.get(scope, scope) for scope in self.scopes]


class ApiRead(models.Model):
    """One read of personal data through the API: which key, what, how many rows. Kept for accountability;
    it names no signer."""

    key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="reads")
    what = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40, blank=True)
    rows = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.key_id}: {self.what} × {self.rows}"
