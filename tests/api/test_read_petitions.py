"""Journalists and dashboards read the petitions: what the API says is what the database and the petition's
own count document say, and nothing a visitor could not see on the site."""

import pytest

from clarion.petitions.models import CountryCount, PetitionCount, PetitionPage, PetitionState
from tests.api.conftest import SIGNER_EMAIL, SIGNER_NAME

pytestmark = pytest.mark.django_db


def items(client, path="/api/v1/petitions/"):
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_list_holds_the_published_petitions_with_their_counts(client, campaign, settings):
    listed = {item["id"]: item for item in items(client)}

    assert set(listed) == {campaign.open.pk, campaign.closed.pk}  # the unpublished draft is not there
    item = listed[campaign.open.pk]
    assert item["count"] == PetitionCount.objects.get(petition=campaign.open).count == 4
    assert item["state"] == "open" and listed[campaign.closed.pk]["state"] == "closed"
    assert item["target"] == {"name": "Oren Vale", "title": "Director of Returns"}
    assert item["demand"] == "Cancel the return order." and item["goal"] == 1000
    assert item["url"] == settings.CLARION_BASE_URL + "/en/stay/"  # the public address, as in e-mails
    assert item["count_url"].endswith(f"/api/v1/petitions/{campaign.open.pk}/count/")


def test_search_and_state_narrow_the_list(client, campaign):
    assert [i["id"] for i in items(client, "/api/v1/petitions/?q=river")] == [campaign.closed.pk]
    assert [i["id"] for i in items(client, "/api/v1/petitions/?q=oren")] == [campaign.open.pk]
    assert [i["id"] for i in items(client, "/api/v1/petitions/?state=closed")] == [campaign.closed.pk]
    assert items(client, "/api/v1/petitions/?q=secret") == []  # the draft's title is never found


def test_the_state_filter_agrees_with_each_petitions_public_state(client, campaign):
    from datetime import timedelta

    from django.utils import timezone

    from tests.api.conftest import petition_under

    now = timezone.now()
    petition_under(campaign.site.home, slug="later", state="draft", opens_at=now + timedelta(days=2))
    petition_under(campaign.site.home, slug="past", closes_at=now - timedelta(days=1))
    petition_under(campaign.site.home, slug="scheduled", state="draft", opens_at=now - timedelta(hours=1))
    petition_under(campaign.site.home, slug="won", state="won")
    for state in PetitionState.values:
        found = {i["id"] for i in items(client, f"/api/v1/petitions/?state={state}&page_size=100")}
        expected = {p.pk for p in PetitionPage.objects.live() if p.public_state() == state}
        assert found == expected, state


def test_the_detail_gives_figures_thresholds_and_timeline(client, campaign):
    answer = client.get(f"/api/v1/petitions/{campaign.open.pk}/").json()

    # Iceland has one signer, under the privacy minimum of two: left out, as in the count document.
    assert answer["signatures_by_country"] == {"DE": 3}
    assert CountryCount.objects.get(petition=campaign.open, country="IS").count == 1
    assert answer["paper_signatures"] == 0
    assert [(t["count"], t["reached_at"] is not None) for t in answer["thresholds"]] == [(2, True), (500, False)]
    assert [step["kind"] for step in answer["timeline"]] == ["opened", "threshold"]
    assert answer["image"]["renditions"][0]["url"].startswith("http://")


def test_the_count_is_the_count_documents(client, campaign):
    document = client.get(campaign.open.get_count_url())
    answer = client.get(f"/api/v1/petitions/{campaign.open.pk}/count/")

    expected = document.json()
    expected.pop("updated_at")
    assert answer.json() == expected
    assert answer["Cache-Control"] == document["Cache-Control"]


@pytest.mark.parametrize("path", ["draft", "closed-not-a-number", "0", "18446744073709551616", "-1"])
def test_unknown_and_unpublished_petitions_are_404_problems(client, campaign, path):
    path = str(campaign.draft.pk) if path == "draft" else path
    for suffix in ("", "count/"):
        response = client.get(f"/api/v1/petitions/{path}/{suffix}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404


@pytest.mark.parametrize("query", ["page=2", "page=99", "page=99999999999999999999999"])
def test_a_page_past_the_end_is_a_404_problem(client, campaign, query):
    response = client.get(f"/api/v1/petitions/?{query}")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("query", ["q=" + "x" * 201, "q=a%00b", "state=sleeping", "page=0", "page=abc",
                                   "page_size=0", "page_size=101", "page_size=ten", "q=a&q=b", "page=1&page=1"])
def test_a_bad_query_is_a_400_problem(client, campaign, query):
    response = client.get(f"/api/v1/petitions/?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]


def test_other_api_addresses_are_404_problems_not_pages(client, db):
    for path in ("/api/", "/api/v1/", "/api/v1/nothing/", "/api/v2/petitions/", "/api/v1/petitions/1/x/"):
        response = client.get(path)
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json", path


def test_no_signer_data_ever_leaves_through_the_api(client, campaign):
    """The attacker signs with a name, an address, a comment and a postal code, then reads every answer."""
    from clarion.petitions.models import Signature

    assert Signature.objects.filter(email=SIGNER_EMAIL, state="validated").exists()
    paths = ["/api/v1/petitions/", f"/api/v1/petitions/{campaign.open.pk}/",
             f"/api/v1/petitions/{campaign.open.pk}/count/", "/api/v1/appeals/", "/api/v1/news/",
             "/api/v1/openapi.json", "/api/v1/petitions/?q=Zebulon"]
    for path in paths:
        body = client.get(path).content.decode()
        for secret in (SIGNER_NAME, "Zebulon", SIGNER_EMAIL, "quartermaine", "My secret reason", "unconfirmed@"):
            assert secret.lower() not in body.lower(), (path, secret)


def test_a_delivered_petition_tells_its_story_and_its_paper_count(client, campaign, settings):
    from datetime import timedelta

    from django.utils import timezone

    from clarion.delivery.actions import add_paper_signatures
    from clarion.petitions.steps import record_delivery, record_outcome

    delivered = timezone.now() - timedelta(hours=2)
    record_delivery(campaign.closed, delivered_at=delivered, method="in person", recipient="the Director's office",
                    photo=campaign.site.images[1])
    record_outcome(campaign.closed, outcome="won", outcome_at=timezone.now() - timedelta(hours=1))
    add_paper_signatures(campaign.closed, count=250, place="the camp gate")

    answer = client.get(f"/api/v1/petitions/{campaign.closed.pk}/").json()
    assert answer["paper_signatures"] == 250 and answer["count"] == 0  # paper is never added to the count
    assert [step["kind"] for step in answer["timeline"]] == ["opened", "closed", "delivered", "outcome"]
    delivery = answer["timeline"][2]
    assert delivery["details"]["recipient"] == "the Director's office" and delivery["details"]["method"] == "in person"
    assert delivery["details"]["photo"]["renditions"][0]["url"].startswith(settings.CLARION_BASE_URL + "/media/")
    assert answer["timeline"][3]["details"]["outcome"] == "won"


def test_a_petition_behind_a_password_is_not_public(client, campaign):
    from wagtail.models import PageViewRestriction

    from clarion.petitions.lookup import forget_petitions

    PageViewRestriction.objects.create(page=campaign.open, restriction_type="password", password="hidden")
    forget_petitions()  # what other processes do within CLARION_PETITION_CACHE_SECONDS
    assert campaign.open.pk not in [item["id"] for item in items(client)]
    assert client.get(f"/api/v1/petitions/{campaign.open.pk}/").status_code == 404
