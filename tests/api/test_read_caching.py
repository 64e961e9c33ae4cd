"""Dashboards poll the API: answers are cached like the count document, conditional requests get a 304, any
site's script may read them, and a viral appeal's polls are answered from the page cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

READS = ["/api/v1/petitions/", "/api/v1/petitions/{pk}/", "/api/v1/petitions/{pk}/count/", "/api/v1/appeals/",
         "/api/v1/news/", "/api/v1/openapi.json"]


@pytest.fixture
def paths(campaign):
    return [path.format(pk=campaign.open.pk) for path in READS]


def test_reads_are_public_for_a_few_seconds_with_a_weak_etag_and_304(client, paths, settings):
    for path in paths:
        response = client.get(path)
        assert response["Cache-Control"] == f"public, max-age={settings.CLARION_COUNT_CACHE_SECONDS}", path
        etag = response["ETag"]
        assert etag.startswith('W/"'), path

        again = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag, path
        assert client.get(path, HTTP_IF_NONE_MATCH='W/"stale"').status_code == 200


def test_a_new_count_changes_the_etag(client, campaign, django_capture_on_commit_callbacks):
    from clarion.petitions.counting import count_round
    from tests.petitions.conftest import confirmed

    path = f"/api/v1/petitions/{campaign.open.pk}/count/"
    before = client.get(path)["ETag"]
    confirmed(campaign.open, "newcomer@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        count_round()
    after = client.get(path, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after.json()["signature_count"] == 5


def test_any_site_may_read_with_or_without_naming_itself(client, paths):
    for path in paths:
        assert client.get(path, HTTP_ORIGIN="https://partner.example")["Access-Control-Allow-Origin"] == "*"
        assert client.get(path)["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(paths[0], HTTP_ORIGIN="https://partner.example",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_head_answers_like_get_without_a_body(client, paths):
    for path in paths:
        got, head = client.get(path), client.head(path)
        assert head.status_code == 200 and head.content == b"" and head["ETag"] == got["ETag"], path


def test_a_viral_poll_is_answered_from_the_page_cache_for_every_origin(visitor, campaign, settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 30
    path = f"/api/v1/petitions/{campaign.open.pk}/"
    first = visitor(path)
    assert first.status_code == 200 and "origin" in first["Vary"].lower()

    with CaptureQueriesContext(connection) as queries:
        from_partner = visitor(path, HTTP_ORIGIN="https://partner.example")
    assert not queries.captured_queries  # kept, though the first request named no origin
    assert from_partner.text == first.text and from_partner["Access-Control-Allow-Origin"] == "*"


def test_refusals_are_never_kept_by_the_page_cache(visitor, campaign, settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 30
    visitor("/api/v1/petitions/?page=9")
    with CaptureQueriesContext(connection) as queries:
        assert visitor("/api/v1/petitions/?page=9").status_code == 404
    assert queries.captured_queries
