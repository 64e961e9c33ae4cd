"""An organiser downloads the signatures as CSV: every row, streamed, and safe to open in a spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse

from clarion.petitions.exports import EXPORT_COLUMNS, csv_chunks, neutralise, signatures_to_export
from clarion.petitions.models import SignatureState
from tests.petitions.test_admin_support import add_signatures

pytestmark = pytest.mark.django_db


def download(client, petition, **params):
    response = client.get(reverse("petitions_admin:export", args=[petition.pk]), params)
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return response, list(csv.reader(io.StringIO(text[1:])))


def test_the_export_streams_a_header_and_one_row_per_signature(staff, petition):
    add_signatures(petition, 2, postal_code="AB1 2CD", comment="Because.", comment_state="approved", opt_in=True,
                   consent_text="Yes, keep me informed.")
    response, rows = download(staff, petition)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="petition-signatures.csv"'
    assert rows[0] == list(EXPORT_COLUMNS)
    assert len(rows) == 3
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["state"] == "validated"
    assert record["country"] == "GB"
    assert record["postal_code"] == "AB1 2CD"
    assert record["opt_in"] == "yes"
    assert record["comment"] == "Because."
    assert record["ip_address"] == "198.51.100.1"
    assert record["created_at"].startswith("20")


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil.example","Click")', "+1", "@x", "-2", "\tTab",
                                  "\rReturn"])
def test_a_name_a_spreadsheet_would_run_is_quoted(staff, petition, name):
    add_signatures(petition, name=name)
    _response, rows = download(staff, petition)
    assert rows[1][EXPORT_COLUMNS.index("name")] == "'" + name


def test_ordinary_cells_are_left_alone():
    assert neutralise("Amira Haddad") == "Amira Haddad"
    assert neutralise("a=b") == "a=b"
    assert neutralise(None) == ""
    assert neutralise(False) == "no"


def test_five_thousand_signatures_all_arrive_in_several_pieces(staff, petition):
    add_signatures(petition, 5000)
    chunks = list(csv_chunks(signatures_to_export(petition)))
    assert len(chunks) > 5
    assert max(len(chunk) for chunk in chunks) < 80 * 1024

    _response, rows = download(staff, petition)
    assert len(rows) == 5001
    emails = {row[EXPORT_COLUMNS.index("email")] for row in rows[1:]}
    assert len(emails) == 5000


def test_the_export_can_be_limited_to_confirmed_signatures(staff, petition):
    add_signatures(petition, 3)
    add_signatures(petition, 4, state=SignatureState.FRAUDULENT)
    response, rows = download(staff, petition, state="validated")
    assert len(rows) == 4
    assert {row[EXPORT_COLUMNS.index("state")] for row in rows[1:]} == {"validated"}
    assert "petition-signatures-validated.csv" in response["Content-Disposition"]


def test_an_unknown_state_is_a_clear_400(staff, petition):
    response = staff.get(reverse("petitions_admin:export", args=[petition.pk]), {"state": "approved"})
    assert response.status_code == 400
    assert "Unknown state" in response.content.decode()


def test_the_export_of_a_missing_petition_is_404(staff):
    assert staff.get(reverse("petitions_admin:export", args=[999999])).status_code == 404
