"""Amira chose to have her name given to the minister, then asked to be erased before the pack went out: the
pack that names her is withdrawn with its files, and the next one leaves her out. Erasing someone who did not
give their name leaves the pack as it is."""

import pytest

from clarion.core.emails import canonical_email
from clarion.delivery import actions
from clarion.delivery.build import build
from clarion.delivery.models import DeliveryPack, PackStatus
from clarion.delivery.privacy import erase
from clarion.petitions.models import Signature
from clarion.supporters.actions import erase_supporter
from clarion.supporters.models import Supporter
from tests.delivery.conftest import build_pack

pytestmark = pytest.mark.django_db


def supporter_of(name):
    signature = Signature.objects.filter(name=name).first()
    return Supporter.objects.create(email=signature.email, canonical_email=canonical_email(signature.email),
                                    name=name)


def names_in(pack):
    return (pack.directory / "names.csv").read_text(encoding="utf-8-sig")


def test_erasing_a_named_signer_withdraws_the_pack_and_its_files(mixed_petition, django_capture_on_commit_callbacks):
    pack = build_pack(mixed_petition)
    assert "Amira Haddad" in names_in(pack)

    with django_capture_on_commit_callbacks(execute=True):
        erase_supporter(supporter_of("Amira Haddad"), how="self-service")

    pack.refresh_from_db()
    assert (pack.status, pack.files) == (PackStatus.FAILED, []) and "erased" in pack.error
    assert not pack.directory.exists()
    again = build_pack(mixed_petition)
    assert again.names == 2 and "Amira Haddad" not in names_in(again)


def test_erasing_someone_who_gave_no_name_leaves_the_pack(mixed_petition, django_capture_on_commit_callbacks):
    pack = build_pack(mixed_petition)
    with django_capture_on_commit_callbacks(execute=True):
        erase_supporter(supporter_of("Quiet Signer"), how="self-service")
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY and "Amira Haddad" in names_in(pack)


def test_a_pack_being_built_when_its_signer_is_erased_is_not_finished(mixed_petition):
    pack = actions.request_pack(mixed_petition, cover_letter="Dear Minister,")
    original = actions.finish_build

    def erased_meanwhile(pack_id, **kwargs):
        erase(supporter_of("Amira Haddad"))  # the erasure commits while the worker writes the files
        return original(pack_id, **kwargs)

    actions.finish_build = erased_meanwhile
    try:
        build(pack.pk)
    finally:
        actions.finish_build = original
    pack = DeliveryPack.objects.get(pk=pack.pk)
    assert pack.status == PackStatus.FAILED and not pack.directory.exists()
