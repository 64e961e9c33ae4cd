"""Receipts: a random secret per confirmed signature, shown once on the thank-you page and in the thank-you
mail. The database keeps its SHA-256 for good and the secret itself only until both have shown it."""

import hashlib
import secrets
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from clarion.transparency.models import Receipt

# How long the secret is kept for the thank-you mail, which is written at delivery (and again on a retry).
SECRET_KEPT = timedelta(days=2)


def receipt_hash(receipt):
    return hashlib.sha256(receipt.encode("ascii")).digest()


def new_receipt():
    return secrets.token_urlsafe(24)


def issue(signature):
    """Called in the transaction that confirms `signature` (clarion.petitions.signing.register_confirmed)."""
    receipt = new_receipt()
    Receipt.objects.create(petition_id=signature.petition_id, signature=signature,
                           receipt_hash=receipt_hash(receipt), secret=receipt)


def unknown_receipts(petition_id, signature_ids):
    """Receipts nobody will ever see, for signatures that count without one (confirmed before the log
    existed): their leaves are random like every other."""
    rows = [Receipt(petition_id=petition_id, signature_id=pk, receipt_hash=receipt_hash(new_receipt()))
            for pk in signature_ids]
    Receipt.objects.bulk_create(rows)
    return {row.signature_id: row.receipt_hash for row in rows}


def verify_url(petition_id):
    return reverse("transparency:verify", args=[petition_id])


def mail_context(signature):
    secret = Receipt.objects.filter(signature=signature).values_list("secret", flat=True).first()
    return {"receipt": secret, "receipt_url": verify_url(signature.petition_id)} if secret else {}


def reveal_once(signature):
    """The receipt, the first time the signer's thank-you page asks for it; "" every later time."""
    now = timezone.now()
    receipt = Receipt.objects.filter(signature=signature, shown_at__isnull=True).exclude(secret="")
    secret = receipt.values_list("secret", flat=True).first()
    if secret and receipt.filter(secret=secret).update(shown_at=now):
        return secret
    return ""


def forget_secrets(now=None):
    cutoff = (now or timezone.now()) - SECRET_KEPT
    return Receipt.objects.filter(created_at__lt=cutoff).exclude(secret="").update(secret="")
