"""The log grows in the counting round: a leaf per counted signature, a revocation per one leaving the count,
a signed head per round; the published count is leaves minus revocations. Checked with the independent
RFC 9162 tree in rfc9162.py, not with Clarion's own Merkle code."""

import hashlib
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils import timezone

from clarion.petitions import actions
from clarion.petitions.counting import count_round
from clarion.petitions.lifecycle import anonymise
from clarion.petitions.models import PetitionCount, Signature, SignatureState
from clarion.transparency import heads
from clarion.transparency.models import LogEntry, Receipt, TreeHead
from clarion.transparency.receipts import forget_secrets, mail_context, reveal_once
from tests.transparency import rfc9162
from tests.transparency.conftest import counted_signers, signers

pytestmark = pytest.mark.django_db


def entries(petition):
    return [bytes([kind]) + bytes(digest) for kind, digest in
            LogEntry.objects.filter(petition_id=petition.pk).order_by("index").values_list("kind", "receipt_hash")]


def latest(petition):
    return TreeHead.objects.filter(petition_id=petition.pk).order_by("-tree_size").first()


def test_a_confirmed_signer_gets_a_random_receipt_once(petition):
    [(signature, receipt)] = signers(petition, 1)
    assert len(receipt) == 32 and signature.name not in receipt
    assert reveal_once(signature) == ""  # a second visit to the thank-you page shows nothing


def test_the_receipt_is_kept_for_the_thank_you_mail_only_two_days(petition):
    [(signature, receipt)] = signers(petition, 1)
    assert mail_context(signature)["receipt"] == receipt
    assert forget_secrets(timezone.now() + timedelta(days=1)) == 0
    assert forget_secrets(timezone.now() + timedelta(days=2, minutes=1)) == 1
    assert mail_context(signature) == {} and Receipt.objects.get().receipt_hash == hashlib.sha256(
        receipt.encode()).digest()


def test_confirmed_signatures_join_the_log_in_the_round_and_a_signed_head_is_published(petition):
    people = signers(petition, 5)
    assert entries(petition) == [] and latest(petition) is None
    count_round()
    data = entries(petition)
    assert data == [b"\x00" + hashlib.sha256(receipt.encode()).digest() for _s, receipt in people]
    head = latest(petition)
    assert (head.tree_size, head.count) == (5, 5)
    assert bytes(head.root_hash) == rfc9162.mth(data)
    message = (b"clarion tree head v1\x00" + petition.pk.to_bytes(8, "big") + (5).to_bytes(8, "big")
               + (5).to_bytes(8, "big") + head.timestamp.to_bytes(8, "big") + bytes(head.root_hash))
    Ed25519PublicKey.from_public_bytes(heads.public_key_bytes()).verify(bytes(head.signature), message)


def test_invalidating_appends_a_revocation_and_undoing_counts_again(petition):
    people = counted_signers(petition, 3)
    batch = actions.invalidate_signatures(petition, Signature.objects.filter(pk=people[1][0].pk),
                                          criteria={}, acting_user=None)
    count_round()
    receipt_hash = hashlib.sha256(people[1][1].encode()).digest()
    assert entries(petition)[3:] == [b"\x01" + receipt_hash]
    assert (latest(petition).tree_size, latest(petition).count) == (4, 2)
    assert PetitionCount.objects.get(petition=petition).count == 2
    actions.undo_invalidation(batch, acting_user=None)
    count_round()
    assert entries(petition)[4:] == [b"\x00" + receipt_hash]
    assert (latest(petition).tree_size, latest(petition).count) == (5, 3)


def test_held_signatures_join_the_log_when_released_and_never_when_rejected(petition):
    people = signers(petition, 2)
    Signature.objects.filter(pk__in=[s.pk for s, _r in people]).update(state=SignatureState.HELD)
    count_round()
    assert entries(petition) == []
    actions.release_signatures(Signature.objects.filter(pk=people[0][0].pk), acting_user=None)
    actions.reject_signatures(Signature.objects.filter(pk=people[1][0].pk), acting_user=None)
    count_round()
    assert entries(petition) == [b"\x00" + hashlib.sha256(people[0][1].encode()).digest()]


def test_signatures_counted_before_the_log_existed_join_it_first_with_unknown_receipts(petition):
    signature = signers(petition, 1)[0][0]
    Signature.objects.filter(pk=signature.pk).update(counted=True)
    PetitionCount.objects.create(petition=petition, count=1)
    signers(petition, 1, start=1)
    count_round()
    assert latest(petition).count == 2 and len(entries(petition)) == 2


def test_erasing_a_signer_keeps_their_leaf_and_the_count(petition):
    [(signature, _receipt)] = counted_signers(petition, 1)
    anonymise(signature)
    count_round()
    assert latest(petition).count == 1 and len(entries(petition)) == 1
