"""A tool reads petitions as OSDI resources, and, with the personal-data scope, their signers: every such read
is logged with the key, what was read and how many rows."""

import pytest

from clarion.api.models import ApiRead, Scope
from clarion.petitions.counting import count_round
from clarion.petitions.models import Signature, SignatureState
from tests.osdi.conftest import AEP, Tool, issue, signatures_url
from tests.petitions.conftest import confirmed, make_petition, signed

pytestmark = pytest.mark.django_db


def test_the_entry_point_links_petitions_and_people(tool):
    response = tool.get(AEP)
    assert response["Content-Type"] == "application/hal+json"
    links = response.json()["_links"]
    assert links["osdi:petitions"]["href"] == "http://testserver/api/v1/osdi/v1/petitions/"
    assert links["osdi:people"]["href"] == "http://testserver/api/v1/osdi/v1/people/"


def test_plain_json_is_offered_to_a_tool_that_asks_for_it(tool):
    assert tool.get(AEP, HTTP_ACCEPT="application/json")["Content-Type"] == "application/json"


def test_a_petition_is_an_osdi_resource_with_its_count(tool, petition):
    confirmed(petition, "miriam@example.org")
    count_round()
    body = tool.get(f"{AEP}petitions/{petition.pk}/").json()
    assert body["identifiers"] == [f"clarion:{petition.pk}"] and body["title"] == petition.title
    assert body["target"] == [{"name": "Oren Vale"}] and body["total_signatures"] == 1
    assert body["_links"]["osdi:record_signature_helper"]["href"].endswith(f"/petitions/{petition.pk}/signatures/")
    listing = tool.get(f"{AEP}petitions/").json()
    assert listing["total_records"] == 1 and listing["_embedded"]["osdi:petitions"][0]["title"] == petition.title


def test_an_unpublished_petition_is_not_found(tool, petition):
    petition.unpublish()
    response = tool.get(f"{AEP}petitions/{petition.pk}/")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_reading_signatures_is_logged_and_shows_only_signers_who_count(client, petition):
    issued = issue(scopes=[Scope.READ_PERSONAL_DATA])
    tool = Tool(client, issued.secret)
    confirmed(petition, "miriam@example.org")
    signed(petition, "pending@example.org", name="Not Yet")
    held = confirmed(petition, "held@example.org", name="Held Back")
    Signature.objects.filter(pk=held.pk).update(state=SignatureState.HELD)
    body = tool.get(signatures_url(petition)).json()
    [signature] = body["_embedded"]["osdi:signatures"]
    assert signature["person"]["email_addresses"] == [{"address": "miriam@example.org", "primary": True}]
    read = ApiRead.objects.get()
    assert (read.key, read.what, read.object_id, read.rows) == (issued.key, "signatures", str(petition.pk), 1)


def test_pages_of_signatures_are_each_logged(client):
    petition = make_petition()
    for number in range(5):
        confirmed(petition, f"signer{number}@example.org")
    tool = Tool(client, issue().secret)
    first = tool.get(signatures_url(petition), data={"per_page": 2}).json()
    assert first["total_records"] == 5 and first["total_pages"] == 3
    assert first["_links"]["next"]["href"].endswith("?per_page=2&page=2")
    last = tool.get(signatures_url(petition), data={"per_page": 2, "page": 3}).json()
    assert len(last["_embedded"]["osdi:signatures"]) == 1 and "next" not in last["_links"]
    assert list(ApiRead.objects.order_by("at", "pk").values_list("rows", flat=True)) == [2, 1]


@pytest.mark.parametrize("query", ["page=0", "page=x", "per_page=-1", "page=99999999999", "per_page=1e3"])
def test_nonsense_paging_is_a_400_problem(tool, petition, query):
    response = tool.get(f"{signatures_url(petition)}?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert not ApiRead.objects.exists()


def test_people_are_read_with_the_scope_and_logged(client, petition):
    signature = confirmed(petition, "miriam@example.org")
    tool = Tool(client, issue(scopes=[Scope.READ_PERSONAL_DATA]).secret)
    listing = tool.get(f"{AEP}people/").json()
    [person] = listing["_embedded"]["osdi:people"]
    assert person["email_addresses"][0]["address"] == "miriam@example.org"
    detail = tool.get(f"{AEP}people/{signature.supporter_id}/").json()
    assert detail["given_name"] == "Miriam Rezaei"
    assert list(ApiRead.objects.order_by("pk").values_list("what", "rows")) == [("people", 1), ("person", 1)]
    assert tool.get(f"{AEP}people/{signature.supporter_id + 99}/").status_code == 404
