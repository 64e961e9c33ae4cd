from django.db import models
from django.utils.translation import gettext_lazy as _


class Invitation(models.Model):
    """One e-mail invitation from a confirmed signer to one address, for one petition."""

    wagtail_reference_index_ignore = True

    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="+")
    inviter = models.ForeignKey("supporters.Supporter", on_delete=models.CASCADE, related_name="invitations_sent")
    name = models.CharField(_("invitee's name"), max_length=120, blank=True)
    email = models.EmailField(_("invitee's e-mail"), max_length=254)
    canonical_email = models.CharField(max_length=254)
    note = models.CharField(_("personal note"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("invitation")
        constraints = [
            models.UniqueConstraint(fields=["petition", "canonical_email"], name="one_invitation_per_address"),
        ]
        indexes = [
            models.Index(fields=["canonical_email", "created_at"], name="invitation_recent"),
            models.Index(fields=["inviter", "created_at"], name="invitation_inviter"),
            models.Index(fields=["ip_address", "created_at"], name="invitation_ip"),
        ]

    def __str__(self):
        return f"{self.email} ({self.created_at:%Y-%m-%d})"


class Suppression(models.Model):
    """An address whose owner asked never to receive another invitation."""

    wagtail_reference_index_ignore = True

    canonical_email = models.CharField(max_length=254, unique=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self):
        return self.canonical_email
