"""Someone with the database (and even the signing key) removes or alters a counted signature: verify_count
says so, and a monitor that saw an earlier head finds the log no longer extends it."""

import hashlib

import pytest
from django.core.management import CommandError, call_command

from clarion.petitions.models import PetitionCount, Signature
from clarion.transparency import heads, merkle
from clarion.transparency.management.commands import monitor_log
from clarion.transparency.models import LogEntry, LogState, Node, TreeHead
from clarion.transparency.monitor import FetchError, check
from tests.transparency.conftest import counted_signers

pytestmark = pytest.mark.django_db


def api(client):
    def fetch(path):
        response = client.get(path)
        if response.status_code != 200:
            raise FetchError(response.content.decode())
        return response.json()
    return fetch


def verify_count(petition):
    call_command("verify_count", str(petition.pk))


def rewrite_history(petition):
    """What a careful attacker does after changing entries: renumber, rebuild every hash, drop the old heads
    and sign a new one with the site's own key."""
    rows = list(LogEntry.objects.filter(petition_id=petition.pk).order_by("index"))
    for new_index, row in enumerate(rows):
        LogEntry.objects.filter(pk=row.pk).update(index=-1 - new_index)
    for new_index, row in enumerate(rows):
        LogEntry.objects.filter(pk=row.pk).update(index=new_index)
    leaves = [merkle.leaf_hash(bytes([row.kind]) + bytes(row.receipt_hash)) for row in rows]
    nodes = merkle.new_perfect_nodes(0, leaves, None)
    Node.objects.filter(petition_id=petition.pk).delete()
    Node.objects.bulk_create(Node(petition_id=petition.pk, level=level, index=index, hash=digest)
                             for (level, index), digest in nodes.items())
    count = sum(1 if row.kind == 0 else -1 for row in rows)
    LogState.objects.filter(petition_id=petition.pk).update(size=len(rows), count=count)
    TreeHead.objects.filter(petition_id=petition.pk).delete()
    heads.publish(petition.pk, len(rows), count, merkle.root(len(rows), lambda level, index: nodes[(level, index)]))


def test_an_honest_log_verifies_and_monitors_clean(client, petition):
    counted_signers(petition, 5)
    verify_count(petition)
    problems, state = check(api(client), petition.pk, {})
    counted_signers(petition, 3, start=5)
    problems, state = check(api(client), petition.pk, state)
    assert problems == [] and state["head"]["tree_size"] == 8


def test_removing_a_counted_signature_fails_verify_count_and_the_consistency_check(client, petition):
    people = counted_signers(petition, 5)
    _problems, seen = check(api(client), petition.pk, {})
    victim = people[2][0]
    Signature.objects.filter(pk=victim.pk).delete()
    PetitionCount.objects.filter(petition=petition).update(count=4)
    with pytest.raises(CommandError, match="receipts count in the log without a counted signature"):
        verify_count(petition)

    # Covering it up in the database too is beyond what the database alone can show: the monitor that saw
    # the earlier head, and the signer holding their receipt, still can.
    LogEntry.objects.filter(petition_id=petition.pk, index=2).delete()
    rewrite_history(petition)
    counted_signers(petition, 2, start=5)
    problems, _state = check(api(client), petition.pk, seen)
    assert len(problems) == 1 and "not an extension of the one of size 5" in problems[0]
    receipt_hash = hashlib.sha256(people[2][1].encode()).hexdigest()
    response = client.get(f"/petitions/{petition.pk}/transparency/inclusion/{receipt_hash}.json")
    assert response.status_code == 404 and "not in this petition's log" in response.content.decode()


def test_altering_a_counted_entry_fails_verify_count_and_the_consistency_check(client, petition):
    counted_signers(petition, 5)
    _problems, seen = check(api(client), petition.pk, {})
    LogEntry.objects.filter(petition_id=petition.pk, index=1).update(receipt_hash=b"\x07" * 32)
    with pytest.raises(CommandError) as failure:
        verify_count(petition)
    assert "the log was rewritten" in str(failure.value) and "stored tree hashes differ" in str(failure.value)

    rewrite_history(petition)
    problems, _state = check(api(client), petition.pk, seen)
    assert problems and "something counted earlier was removed or rewritten" in problems[0]


def test_quietly_uncounting_a_signature_fails_verify_count(petition):
    people = counted_signers(petition, 3)
    Signature.objects.filter(pk=people[0][0].pk).update(counted=False)
    PetitionCount.objects.filter(petition=petition).update(count=2)
    with pytest.raises(CommandError, match="counted signatures do not count|receipts count in the log"):
        verify_count(petition)


def test_a_published_total_that_differs_from_the_log_fails_verify_count(petition):
    counted_signers(petition, 3)
    PetitionCount.objects.filter(petition=petition).update(count=4)
    with pytest.raises(CommandError, match="the published total 4, the log .entries minus revocations. 3"):
        verify_count(petition)


def test_the_monitor_command_keeps_its_state_and_fails_loudly(client, petition, tmp_path, monkeypatch):
    monkeypatch.setattr(monitor_log, "fetcher", lambda base_url: api(client))
    state = tmp_path / "monitor.json"
    counted_signers(petition, 3)
    call_command("monitor_log", "https://petitions.example.org", str(petition.pk), "--state", str(state))
    assert '"tree_size": 3' in state.read_text()
    LogEntry.objects.filter(petition_id=petition.pk, index=0).update(receipt_hash=b"\x01" * 32)
    rewrite_history(petition)
    with pytest.raises(CommandError, match="The log does not check out"):
        call_command("monitor_log", "https://petitions.example.org", str(petition.pk), "--state", str(state))
    assert '"tree_size": 3' in state.read_text()  # the last head it trusted stays the one to check against
