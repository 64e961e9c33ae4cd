from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clarion.core.keyed import keyed_hash, keyed_hashes

# Separate purposes, so an invitation's address key never matches a hash kept by another app.
ADDRESS_PURPOSE = "spread.address"
IP_PURPOSE = "spread.ip"


def address_key(canonical):
    """What spreading keeps of an invitee's canonical address once the plain one is gone: a keyed hash."""
    return keyed_hash(canonical, ADDRESS_PURPOSE)


def address_keys(canonical):
    """Every key's hash of `canonical`, current first: what a look-up across a key rotation matches."""
    return keyed_hashes(canonical, ADDRESS_PURPOSE)


def ip_key(bucket):
    """What the per-IP limit keeps of a sender's address bucket (see clarion.core.netaddr.ip_bucket)."""
    return keyed_hash(bucket, IP_PURPOSE) if bucket else ""


def ip_keys(bucket):
    return keyed_hashes(bucket, IP_PURPOSE) if bucket else []


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    MAILED = "mailed", _("Sent")
    # Suppressed, signed, opted out, bouncing, invited lately, or the inviter no longer counts: never
    # shown to the inviter, who is charged for it all the same (so the form cannot test an address).
    SKIPPED = "skipped", _("Not sent")


class Invitation(models.Model):
    """One address a confirmed signer asked us to invite to one petition, mailed or not.

    Every requested address is a row, so the limits charge it whatever becomes of it. The invitee's name,
    address and the note are kept plain only for CLARION_INVITE_RETENTION_DAYS; the address key stays, to
    answer "invited to this petition / lately?" without anyone reading who was invited.
    """

    wagtail_reference_index_ignore = True

    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="+")
    inviter = models.ForeignKey("supporters.Supporter", on_delete=models.CASCADE, related_name="invitations_sent")
    name = models.CharField(_("invitee's name"), max_length=120, blank=True)
    email = models.EmailField(_("invitee's e-mail"), max_length=254, blank=True)
    address_key = models.CharField(max_length=64)
    note = models.CharField(_("personal note"), max_length=300, blank=True)
    # A keyed hash of the sender's address bucket (IPv6 /64): enough for the per-IP limit, no address.
    ip_key = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=8, choices=InvitationState.choices, default=InvitationState.PENDING)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("invitation")
        constraints = [
            models.UniqueConstraint(fields=["petition", "address_key"], condition=Q(state="mailed"),
                                    name="one_invitation_mailed_per_address"),
        ]
        indexes = [
            models.Index(fields=["address_key", "created_at"], name="invitation_recent"),
            models.Index(fields=["inviter", "created_at"], name="invitation_inviter"),
            models.Index(fields=["ip_key", "created_at"], name="invitation_ip"),
            models.Index(fields=["created_at"], name="invitation_pending", condition=Q(state="pending")),
        ]

    def __str__(self):
        return f"{self.get_state_display()} ({self.created_at:%Y-%m-%d})"


class Suppression(models.Model):
    """An address whose owner asked never to receive another invitation: its keyed hash and the date, no more."""

    wagtail_reference_index_ignore = True

    address_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self):
        return f"{self._meta.verbose_name} ({self.created_at:%Y-%m-%d})"
