"""An organiser builds the delivery pack: a summary with the verified and paper figures kept apart, and the
names of exactly those verified signers who chose to give them."""

import csv

import pytest
from django.urls import reverse

from clarion.delivery import actions
from clarion.delivery.models import PackStatus
from clarion.delivery.summary import summary_html
from clarion.petitions.counting import count_round
from tests.delivery.conftest import build_pack

pytestmark = pytest.mark.django_db


def read_csv(pack):
    with open(pack.directory / "names.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_the_pack_lists_only_verified_signers_who_chose(mixed_petition):
    pack = build_pack(mixed_petition)
    assert pack.status == PackStatus.READY
    assert (pack.verified, pack.names, pack.paper) == (5, 3, 0)
    rows = read_csv(pack)
    assert rows[0] == ["name", "country", "postal_code", "confirmed_at"]
    names = [row[0] for row in rows[1:]]
    assert names == ["Amira Haddad", "'=HYPERLINK(1)", "Jonas Berg"]
    assert pack.files == ["summary.pdf", "names.csv", "names-001.pdf"]
    for name in pack.files:
        assert (pack.directory / name).read_bytes()[:5] in (b"%PDF-", b"\xef\xbb\xbfna")


def test_the_summary_says_what_was_verified_and_keeps_paper_apart(mixed_petition):
    actions.add_paper_signatures(mixed_petition, count=2100, note="Market stall, Saturday")
    pack = build_pack(mixed_petition, cover_letter="Dear Minister Vale,")
    html = summary_html(pack)
    assert "Dear Minister Vale," in html
    assert "5 verified online + 2,100 on paper" in html
    assert mixed_petition.demand in html
    assert "Germany" in html and "<td>101…</td>" in html
    assert "For the children." in html and "<bdi>Jonas</bdi>, Germany" in html
    assert f"/petitions/{mixed_petition.pk}/transparency/" in html and "<svg" in html
    assert (pack.directory / "summary.pdf").stat().st_size > 1000
    assert "The signed tree head of the transparency log is published on the verification page." in html


def test_the_summary_prints_the_signed_tree_head_it_was_built_from(mixed_petition, client):
    count_round()  # the round takes the counted signatures into the log and signs a head
    head = client.get(reverse("transparency:latest_head", args=[mixed_petition.pk])).json()
    html = summary_html(build_pack(mixed_petition))
    assert head["count"] == 5
    for value in (head["root_hash"], head["signature"], f"<dd><code>{head['tree_size']}</code></dd>"):
        assert value in html
    # The QR code's page answers: it is the public check page, not a made-up path.
    assert client.get(reverse("transparency:verify", args=[mixed_petition.pk])).status_code == 200
