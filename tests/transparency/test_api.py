"""The public API: heads, consistency and inclusion proofs a stranger checks with the independent RFC 9162
code, and a plain 4xx for every question it cannot answer."""

import hashlib

import pytest

from clarion.transparency.models import LogEntry
from tests.transparency import rfc9162
from tests.transparency.conftest import b64, counted_signers

pytestmark = pytest.mark.django_db


def base(petition):
    return f"/petitions/{petition.pk}/transparency"


def entries(petition):
    return [bytes([kind]) + bytes(digest) for kind, digest in
            LogEntry.objects.filter(petition_id=petition.pk).order_by("index").values_list("kind", "receipt_hash")]


def test_a_signer_proves_their_receipt_is_in_the_signed_head(client, petition):
    people = counted_signers(petition, 6)
    receipt = people[4][1]
    response = client.get(f"{base(petition)}/inclusion/{hashlib.sha256(receipt.encode()).hexdigest()}.json")
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    proof = response.json()
    entry = b"\x00" + hashlib.sha256(receipt.encode()).digest()
    assert (proof["leaf_index"], proof["tree_size"], proof["revoked"]) == (4, 6, False)
    assert rfc9162.check_inclusion(entry, 4, 6, [b64(h) for h in proof["inclusion"]], b64(proof["head"]["root_hash"]))
    assert set(proof) == {"leaf_index", "tree_size", "entry", "inclusion", "revoked", "head"}  # nobody else's receipt


def test_heads_and_consistency_proofs_show_the_log_only_grew(client, petition):
    counted_signers(petition, 3)
    counted_signers(petition, 4, start=3)
    listing = client.get(f"{base(petition)}/heads.json").json()
    sizes = [head["tree_size"] for head in listing["heads"]]
    assert sizes == [3, 7] and listing["latest"]["tree_size"] == 7
    proof = client.get(f"{base(petition)}/consistency.json?first=3&second=7").json()["consistency"]
    assert [b64(h) for h in proof] == rfc9162.proof(3, entries(petition))
    assert client.get(f"{base(petition)}/heads/3.json").json()["root_hash"] == listing["heads"][0]["root_hash"]
    assert client.get("/petitions/transparency/key.json").json()["algorithm"] == "Ed25519"


@pytest.mark.parametrize(("path", "status", "message"), [
    ("/inclusion/{unknown}.json", 404, "not in this petition's log"),
    ("/inclusion/not-a-hash.json", 400, "64 lower-case hexadecimal digits"),
    ("/inclusion/{known}.json?tree_size=2", 404, "No tree head of that size"),
    ("/inclusion/{known}.json?tree_size=-1", 400, "whole number"),
    ("/consistency.json?first=2&second=99", 400, "first <= second <= 3"),
    ("/consistency.json?first=3&second=1", 400, "first <= second"),
    ("/consistency.json?first=x&second=1", 400, "whole number"),
    ("/consistency.json", 400, "whole number"),
    ("/heads/99.json", 404, "No tree head of that size"),
    ("/heads/99999999999999999999999.json", 400, "out of range"),
    ("/heads.json?from_size=%F0%9F%98%80", 400, "whole number"),
])
def test_questions_the_log_cannot_answer_get_a_plain_4xx(client, petition, path, status, message):
    people = counted_signers(petition, 3)
    known = hashlib.sha256(people[0][1].encode()).hexdigest()
    response = client.get(base(petition) + path.format(unknown="ab" * 32, known=known))
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/plain") and message in response.content.decode()


def test_a_head_asked_for_before_any_exists_is_a_plain_404(client, petition):
    for path in ("/head.json", "/consistency.json?first=0&second=0", f"/inclusion/{'ab' * 32}.json"):
        response = client.get(base(petition) + path)
        assert response.status_code == 404, path
        assert "No tree head has been published" in response.content.decode()
    # The list, which the check page links to from the start, is empty rather than missing.
    assert client.get(base(petition) + "/heads.json").json() == {"latest": None, "heads": []}


def test_an_unknown_petition_is_a_404(client, petition):
    assert client.get("/petitions/999999/transparency/head.json").status_code == 404
