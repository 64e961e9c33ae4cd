"""A volunteer developer opens the API's documentation, finds the petitions list, tries it from the page and
reads the JSON answer: all served from this site (no CDN), under the site's Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from clarion.petitions.models import PetitionPage
from tests.journeys.conftest import keep_on_loopback, visit

pytestmark = pytest.mark.journey


def test_developer_tries_the_petitions_list_from_the_docs(page, live_demo):
    petition = PetitionPage.objects.live().first()
    attempted = keep_on_loopback(page)

    visit(page, live_demo, "/api/v1/docs/")
    listing = page.locator("#operations-petitions-petitions_list")
    expect(listing).to_contain_text("/api/v1/petitions/", timeout=30_000)
    listing.locator(".opblock-summary").click()
    listing.get_by_role("button", name="Try it out").click()
    with page.expect_response(lambda response: "/api/v1/petitions/" in response.url) as answer:
        listing.get_by_role("button", name="Execute").click()
    assert answer.value.status == 200 and answer.value.headers["content-type"] == "application/json"

    body = listing.locator(".responses-wrapper .live-responses-table .response-col_description pre").first
    expect(body).to_contain_text(f'"title": "{petition.title}"')
    expect(body).to_contain_text('"count":')

    assert page.clarion_csp_violations == []
    assert page.clarion_js_errors == []
    assert attempted == []
