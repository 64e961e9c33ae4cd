from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class SignatureState(models.TextChoices):
    PENDING = "pending", _("Waiting for e-mail confirmation")
    VALIDATED = "validated", _("Confirmed")
    FRAUDULENT = "fraudulent", _("Marked fraudulent")
    # Confirmed by its owner but caught by a soft signal (a shared address, a quick fill): an editor decides.
    HELD = "held", _("Held for review")
    REJECTED = "rejected", _("Rejected after review")
    INVALIDATED = "invalidated", _("Invalidated by staff")


class CommentState(models.TextChoices):
    NONE = "", _("No comment")
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Invalidation(models.Model):
    """One bulk invalidation by staff, kept so it can be previewed in the log and undone."""

    # Not "usages" of the petition page worth indexing: skipping spares one task per write.
    wagtail_reference_index_ignore = True

    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    criteria = models.JSONField(default=dict)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    signature_count = models.PositiveIntegerField(default=0)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invalidation")

    def __str__(self):
        return f"{self.signature_count} signatures invalidated on {self.created_at:%Y-%m-%d %H:%M}"


class Signature(models.Model):
    # Without this Wagtail queues a reference-index task per signature and keeps a row per signature.
    wagtail_reference_index_ignore = True

    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="signatures")
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), max_length=254)
    canonical_email = models.CharField(max_length=254)
    email_domain = models.CharField(max_length=253, db_index=True)
    # Who signed, as a keyed hash (clarion.petitions.dedupe): unique per petition among confirmed signatures.
    dedupe_key = models.CharField(max_length=600)
    country = CountryField(_("country"))
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    comment = models.TextField(_("why I'm signing"), max_length=500, blank=True)
    comment_state = models.CharField(max_length=10, choices=CommentState.choices, blank=True, default="")
    opt_in = models.BooleanField(_("opted in to updates"), default=False)
    consent_text = models.CharField(_("opt-in text shown"), max_length=300, blank=True)
    show_name = models.BooleanField(_("name may be shown"), default=False)
    # A separate choice from show_name: the name goes to the target in the delivery pack, with the words agreed to.
    name_to_target = models.BooleanField(_("name may be given to the target"), default=False)
    name_to_target_text = models.CharField(_("name-to-target text shown"), max_length=300, blank=True)
    state = models.CharField(max_length=12, choices=SignatureState.choices, default=SignatureState.PENDING)
    # The language the petition was signed in (the translation's, or the embed's or API's): its mails speak it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Why a check flagged it (clarion.petitions.review.REASONS); kept after a release, so the decision shows.
    fraud_reason = models.CharField(_("flagged because"), max_length=60, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    # An IPv4 address, or an IPv6 signer's /64 (clarion.core.netaddr.ip_bucket): what the per-address limits
    # count, and less about the person than their full IPv6 address.
    ip_address = models.GenericIPAddressField(_("IP address (IPv6: its /64)"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # "Already signed" notices mailed in the current window, and when the last one went.
    notices_sent = models.PositiveSmallIntegerField(default=0)
    noticed_at = models.DateTimeField(null=True, blank=True)
    # Whether this signature is included in the petition's count; the counting task makes it match state.
    counted = models.BooleanField(default=False)
    invalidation = models.ForeignKey(Invalidation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="signatures")
    state_before_invalidation = models.CharField(max_length=12, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # Who this is: set when the address is confirmed (one supporter per canonical e-mail).
    supporter = models.ForeignKey("supporters.Supporter", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="signatures")
    # Attribution: whose share or invitation brought this signer, by which channel, and the first-touch
    # campaign parameters (utm_*) the visitor arrived with.
    referrer = models.ForeignKey("supporters.Supporter", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="recruits", verbose_name=_("recruited by"))
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    first_touch = models.JSONField(_("first-touch source"), default=dict, blank=True)
    # Signed on a partner's site (clarion.embed); the partner's own opt-in, with the exact words agreed to.
    partner = models.ForeignKey("petitions.PetitionPartner", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="signatures", verbose_name=_("partner site"))
    partner_opt_in = models.BooleanField(_("opted in to the partner's updates"), default=False)
    partner_consent_text = models.CharField(_("partner opt-in text shown"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("signature")
        constraints = [
            # Every submission is a pending entry of its own; a signer counts once, so only one may be confirmed.
            models.UniqueConstraint(fields=["petition", "dedupe_key"], condition=Q(confirmed_at__isnull=False),
                                    name="one_confirmed_signature_per_key"),
        ]
        indexes = [
            models.Index(fields=["petition", "ip_address", "created_at"], name="signature_ip_window"),
            # One address's entries: on one petition in a window (the mail limit, at every signature), and
            # across petitions (erasure, invitations).
            models.Index(fields=["canonical_email", "petition", "created_at"], name="signature_address"),
            models.Index(fields=["petition", "state", "created_at"], name="signature_state"),
            # Recent signers and approved comments on the petition page, at any number of signatures.
            models.Index(fields=["petition", "state", "confirmed_at"], name="signature_recent"),
            models.Index(fields=["referrer", "petition"], name="signature_referrer"),
            # Only the rows whose counted flag disagrees with their state: what the counting task reads.
            models.Index(
                fields=["petition"], name="signature_to_count",
                condition=Q(counted=False, state="validated") | (Q(counted=True) & ~Q(state="validated")),
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def first_name(self):
        return self.name.split()[0] if self.name.strip() else ""


class PetitionCount(models.Model):
    """The petition's running total, kept apart from the page so publishing never overwrites it."""

    wagtail_reference_index_ignore = True

    petition = models.OneToOneField("petitions.PetitionPage", on_delete=models.CASCADE, primary_key=True,
                                    related_name="tally")
    count = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.petition_id}: {self.count}"


class CountryCount(models.Model):
    wagtail_reference_index_ignore = True

    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="+")
    country = CountryField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "country"], name="one_tally_per_country")]

    def __str__(self):
        return f"{self.petition_id} {self.country}: {self.count}"
