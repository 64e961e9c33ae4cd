"""An editor translates the petition's demand into Persian in wagtail-localize's editor, under the admin's
Content-Security-Policy (the page fixture fails the journey on any violation), publishes it, and a visitor
reads it at /fa/…."""

import pytest
from playwright.sync_api import expect

from clarion.petitions.models import PetitionPage
from tests.journeys.conftest import keep_on_loopback, log_in_to_admin, visit

pytestmark = pytest.mark.journey

PASSWORD = "candles at the camp gate"
DEMAND = "خانواده‌های دره تامسین را بازنگردانید"


def test_editor_translates_the_petition_into_persian(page, live_demo, django_user_model, artifacts_dir):
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    attempted = keep_on_loopback(page)
    log_in_to_admin(page, live_demo, "editor", PASSWORD)
    petition = PetitionPage.objects.get()

    page.goto(f"{live_demo}/admin/localize/submit/page/{petition.pk}/")
    page.get_by_label("Persian").check()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    try:
        demand = page.locator("li", has_text=petition.demand).filter(has=page.get_by_role("button")).last
        demand.get_by_role("button", name="Translate").click()
        demand.get_by_role("textbox").fill(DEMAND)
        demand.get_by_role("button", name="Save").click()
        expect(demand.get_by_role("button", name="Edit")).to_be_visible()
        page.get_by_role("button", name="Publish in Persian").click()
        # Only the demand is translated: the rest of the page shows in English until someone translates it.
        expect(page.locator(".messages")).to_contain_text("Published 'Let the Tamsin Valley families stay' in Persian")
    finally:
        page.screenshot(path=str(artifacts_dir / "localize-editor.png"), full_page=True)

    persian = PetitionPage.objects.get(translation_key=petition.translation_key, locale__language_code="fa")
    assert persian.live and persian.demand == DEMAND
    visit(page, live_demo, persian.url)
    assert persian.url.startswith("/fa/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_text(DEMAND).first).to_be_visible()
    assert page.clarion_js_errors == []
    assert attempted == []
