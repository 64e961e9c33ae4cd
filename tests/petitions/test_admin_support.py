"""Builders shared by the petition admin tests (this module holds no tests of its own)."""

import itertools

from django.utils import timezone

from clarion.petitions.models import Signature, SignatureState

_numbers = itertools.count()


def add_signatures(petition, count=1, *, state=SignatureState.VALIDATED, ip="198.51.100.1", domain="example.org",
                   **fields):
    """`count` signatures with unique addresses; created now (use `backdate` for older ones)."""
    now = timezone.now()
    rows = []
    for _ in range(count):
        n = next(_numbers)
        email = f"signer{n}@{domain}"
        values = {"name": f"Signer {n}", "email": email, "canonical_email": email, "email_domain": domain,
                  "dedupe_key": email, "country": "GB", "state": state, "ip_address": ip,
                  "confirmed_at": now if state == SignatureState.VALIDATED else None, **fields}
        rows.append(Signature(petition=petition, **values))
    return Signature.objects.bulk_create(rows, batch_size=1000)


def backdate(signatures, delta):
    Signature.objects.filter(pk__in=[s.pk for s in signatures]).update(created_at=timezone.now() - delta)


def states(signatures):
    return list(Signature.objects.filter(pk__in=[s.pk for s in signatures]).order_by("pk")
                .values_list("state", flat=True))
