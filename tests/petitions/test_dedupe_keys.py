"""Who signed is kept as a keyed hash. Someone holding a copy of the database and a list of addresses cannot
find an erased signer by hashing addresses; an erased signer who signs again is told they signed and never
counts twice; a key rotation never lets anyone count twice, and `rehash_personal_data` moves rows to the
new key."""

import hashlib
import itertools
from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command

from clarion.core.keyed import is_current
from clarion.mail.models import OutboxMessage
from clarion.petitions import actions, lifecycle, tokens
from clarion.petitions.counting import count_round, read_counts
from clarion.petitions.models import Signature
from clarion.supporters.actions import erase_supporter
from tests.petitions.conftest import confirmed, deliver_outbox, signed
from tests.petitions.test_admin_support import add_signatures

pytestmark = pytest.mark.django_db

MIRIAM = "Miriam.Rezaei@Example.org"


def plain_digests(petition, address, name, postal_code):
    """Every plain hash an attacker with a list of addresses would try: sha256, sha1 and md5 of the address
    and of its combinations with the petition, name and postal code, in hex, cut to any usual length."""
    lower = address.lower()
    parts = [address, lower, str(petition.pk), name, name.lower(), postal_code]
    candidates = {address, lower, f"{petition.pk}:{lower}", f"{petition.pk}:{address}", f"{lower}|{name.lower()}|"
                  f"{postal_code}", f"{lower}|{' '.join(name.lower().split())}|{postal_code.replace(' ', '')}"}
    for first, second in itertools.permutations(parts, 2):
        for glue in (":", "|", "", " ", "\0"):
            candidates.add(f"{first}{glue}{second}")
    digests = set()
    for value in candidates:
        for algorithm in (hashlib.sha256, hashlib.sha1, hashlib.md5):
            digests.add(algorithm(value.encode()).hexdigest()[:16])  # any longer cut starts with these 16
    return digests


def stored_values(signature):
    return [str(getattr(signature, field.attname)) for field in Signature._meta.concrete_fields]


def public_total(petition):
    count_round()
    cache.clear()
    return read_counts(petition.pk)["total"]


def test_someone_with_the_database_and_a_list_of_addresses_cannot_find_an_erased_signer(petition):
    erased = confirmed(petition, MIRIAM, name="Miriam Rezaei", postal_code="10115")
    erase_supporter(erased.supporter, how="self-service")
    aged = confirmed(petition, "dariush@example.org", name="Dariush Rezaei", postal_code="10117")
    lifecycle.anonymise(aged)

    for signature, (address, name, postal_code) in [
        (erased, (MIRIAM, "Miriam Rezaei", "10115")), (aged, ("dariush@example.org", "Dariush Rezaei", "10117")),
    ]:
        values = stored_values(Signature.objects.get(pk=signature.pk))
        for digest in plain_digests(petition, address, name, postal_code):
            assert not any(digest in value for value in values), digest
        for personal in (address.lower(), name.lower(), "example.org", postal_code):
            assert not any(personal in value.lower() for value in values), personal


def test_an_erased_signer_who_signs_again_is_told_they_signed_and_never_counts_twice(petition):
    erase_supporter(confirmed(petition, MIRIAM).supporter, how="self-service")
    assert public_total(petition) == 1

    again = actions.sign_petition(petition, name="Miriam Rezaei", email="miriam.rezaei@example.org", country="DE",
                                  elapsed_ms=8000)

    assert again.signature is None and Signature.objects.count() == 1
    deliver_outbox()
    notice = OutboxMessage.objects.get(to="miriam.rezaei@example.org")
    assert notice.template == "petitions/already_signed" and notice.text_body.startswith("Hello,")
    assert public_total(petition) == 1


def test_after_a_key_rotation_a_confirmed_signer_still_counts_once(petition, settings):
    settings.CLARION_HASH_KEYS = ["old-key"]
    first = confirmed(petition, MIRIAM)
    waiting = signed(petition, "dariush@example.org", name="Dariush Rezaei")
    settings.CLARION_HASH_KEYS = ["new-key", "old-key"]

    assert actions.sign_petition(petition, name="Miriam", email=MIRIAM, country="DE").signature is None
    newer = signed(petition, "dariush@example.org", name="Dariush Rezaei", country="IR")
    assert actions.confirm_signature(tokens.confirmation_token(newer)).outcome == "confirmed"
    assert actions.confirm_signature(tokens.confirmation_token(waiting)).outcome == "replaced"
    assert public_total(petition) == 2

    output = StringIO()
    call_command("rehash_personal_data", stdout=output)
    assert "petition signatures: rekeyed: 1" in output.getvalue()
    assert all(is_current(key) for key in Signature.objects.values_list("dedupe_key", flat=True))
    settings.CLARION_HASH_KEYS = ["new-key"]  # the old key is gone for good
    assert actions.sign_petition(petition, name="Miriam", email=MIRIAM, country="DE").signature is None
    assert Signature.objects.get(pk=first.pk).confirmed_at is not None
    assert public_total(petition) == 2


def test_rehashing_reports_anonymised_signatures_that_still_need_an_old_key(petition, settings):
    settings.CLARION_HASH_KEYS = ["old-key"]
    erase_supporter(confirmed(petition, MIRIAM).supporter, how="admin")
    settings.CLARION_HASH_KEYS = ["new-key", "old-key"]

    output = StringIO()
    call_command("rehash_personal_data", stdout=output)

    assert "anonymised under old keys: 1" in output.getvalue()
    # While the old key is listed, the erased signer still cannot count twice.
    assert actions.sign_petition(petition, name="Miriam", email=MIRIAM, country="DE").signature is None


def test_keys_stored_before_the_upgrade_are_keyed_and_still_keep_each_signer_to_one_count(petition):
    live = "lena@example.org"
    add_signatures(petition, email=live, canonical_email=live, dedupe_key=live)
    digest = hashlib.sha256(f"{petition.pk}:miriam.rezaei@example.org".encode()).hexdigest()[:32]
    add_signatures(petition, email=f"{digest}@anonymised.invalid", canonical_email=digest, dedupe_key=digest,
                   name="", anonymised_at="2026-01-01T00:00:00Z")
    migration = import_module("clarion.petitions.migrations.0007_one_pending_entry_per_submission")

    migration.key_every_dedupe_key(apps, None)

    assert not Signature.objects.filter(dedupe_key__in=[live, digest]).exists()
    assert not any(digest in value for s in Signature.objects.all() for value in stored_values(s))
    for address in (live, MIRIAM):
        assert actions.sign_petition(petition, name="Again", email=address, country="DE").signature is None
    assert Signature.objects.count() == 2
