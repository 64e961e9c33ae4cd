"""A visitor follows the home page's buttons and its footer: each leads to the page it names."""

import pytest
from playwright.sync_api import expect

from tests.journeys.conftest import keep_on_loopback, visit

pytestmark = pytest.mark.journey


def test_visitor_follows_the_home_page_buttons_and_footer(page, live_demo):
    from clarion.pages.models import AppealPage
    from clarion.petitions.models import PetitionPage

    attempted = keep_on_loopback(page)
    petition, appeal = PetitionPage.objects.get(), AppealPage.objects.get()

    visit(page, live_demo, "/")
    page.get_by_role("link", name="Sign the petition", exact=True).click()
    expect(page).to_have_url(live_demo + petition.url)
    form = page.locator("form[data-petition-form]")
    expect(form.get_by_role("heading", name="Add your name")).to_be_visible()
    expect(form.get_by_role("button", name="Sign the petition")).to_be_visible()

    visit(page, live_demo, "/")
    page.get_by_role("link", name="Read the appeal", exact=True).click()
    expect(page).to_have_url(live_demo + appeal.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(appeal.title)

    page.get_by_role("contentinfo").get_by_role("link", name="Privacy", exact=True).click()
    expect(page).to_have_url(live_demo + "/en/privacy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy")
    assert attempted == []
