"""A pack whose build fails leaves nothing half-made: no files in its folder, no delivery, and it builds again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clarion.delivery import actions, names
from clarion.delivery.build import build
from clarion.delivery.models import DeliveryPack, PackStatus

pytestmark = pytest.mark.django_db


def leftovers(pack):
    return sorted(p.name for p in pack.directory.parent.iterdir() if p.name.startswith(f".{pack.pk}."))


def test_a_failed_build_leaves_nothing_and_can_be_retried(mixed_petition, monkeypatch):
    pack = actions.request_pack(mixed_petition, cover_letter="Dear Minister,")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("clarion.delivery.build.write_volumes", broken)
    assert build(pack.pk) is False
    pack.refresh_from_db()
    assert pack.status == PackStatus.FAILED and "disk full" in pack.error
    assert not pack.directory.exists() and leftovers(pack) == []
    assert pack.files == [] and pack.sent_at is None

    monkeypatch.setattr("clarion.delivery.build.write_volumes", names.write_volumes)
    assert actions.retry_pack(pack) is True
    assert build(pack.pk) is True
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY and pack.names == 3
    assert sorted(p.name for p in pack.directory.iterdir()) == ["names-001.pdf", "names.csv", "summary.pdf"]
    assert leftovers(pack) == []


def test_only_a_failed_pack_is_retried_and_a_pack_is_built_once(mixed_petition):
    pack = actions.request_pack(mixed_petition, cover_letter="Dear Minister,")
    assert actions.retry_pack(pack) is False
    assert build(pack.pk) is True
    assert build(pack.pk) is False
    assert DeliveryPack.objects.get(pk=pack.pk).status == PackStatus.READY


def test_names_run_into_volumes_of_at_most_the_volume_size(mixed_petition, monkeypatch):
    monkeypatch.setattr(names, "VOLUME_SIZE", 2)
    pack = actions.request_pack(mixed_petition, cover_letter="Dear Minister,")
    assert build(pack.pk)
    pack.refresh_from_db()
    assert pack.files == ["summary.pdf", "names.csv", "names-001.pdf", "names-002.pdf"]
    assert pack.done == pack.total


def test_a_build_whose_worker_died_can_be_started_again_and_its_leftovers_go(mixed_petition):
    pack = actions.request_pack(mixed_petition, cover_letter="Dear Minister,")
    assert actions.claim_build(pack.pk)
    leftover = pack.directory.parent / f".{pack.pk}.deadbeef.building"
    leftover.mkdir(parents=True)
    (leftover / "names.csv").write_text("half")
    assert actions.retry_pack(pack) is False  # still reporting: not taken from a live worker
    DeliveryPack.objects.filter(pk=pack.pk).update(
        heartbeat_at=timezone.now() - actions.STALLED_AFTER - timedelta(seconds=1))
    assert actions.retry_pack(pack) is True
    assert build(pack.pk) is True
    assert not leftover.exists()
    assert DeliveryPack.objects.get(pk=pack.pk).status == PackStatus.READY
