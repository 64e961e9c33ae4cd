"""Signers with receipts, the counting round that puts them in the log, and reading the log's API."""

import base64

from clarion.petitions.counting import count_round
from clarion.transparency.models import Receipt
from clarion.transparency.receipts import reveal_once
from tests.petitions.conftest import confirmed


def signers(petition, n, start=0):
    """`n` confirmed signers and the receipts their thank-you pages showed them."""
    people = []
    for i in range(start, start + n):
        signature = confirmed(petition, f"signer{i}@example.org", ip=f"192.0.2.{i % 250 + 1}")
        people.append((signature, reveal_once(signature)))
    return people


def counted_signers(petition, n, start=0):
    people = signers(petition, n, start)
    count_round()
    return people


def b64(text):
    return base64.b64decode(text)


def receipts_of(petition):
    return Receipt.objects.filter(petition_id=petition.pk)
