"""An editor opens the appeal in the admin (StreamField, rich text, the video block, the settings tab's
publishing dates), previews it, and looks at the live page with the editor's bar on it. Nothing on the way
breaks the Content-Security-Policy (the page fixture fails the journey on any violation)."""

import pytest
from playwright.sync_api import expect

from clarion.pages.models import AppealPage
from tests.journeys.conftest import keep_on_loopback, log_in_to_admin, visit

pytestmark = pytest.mark.journey

PASSWORD = "candles at the camp gate"


def test_editor_edits_and_previews_the_appeal_under_the_policy(page, live_demo, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    attempted = keep_on_loopback(page)
    log_in_to_admin(page, live_demo, "editor", PASSWORD)
    appeal = AppealPage.objects.get()

    page.goto(f"{live_demo}/admin/pages/{appeal.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value(appeal.title)
    page.get_by_role("tab", name="Promote").click()
    page.get_by_role("tab", name="Content").click()
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")  # Wagtail swaps in a fresh frame once it has loaded
    expect(preview.get_by_role("heading", level=1)).to_contain_text(appeal.title, timeout=30_000)

    page.goto(f"{live_demo}/admin/pages/{appeal.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    visit(page, live_demo, appeal.url)
    expect(page.locator("wagtail-userbar")).to_be_attached()
    page.locator("wagtail-userbar").locator("button").first.click()

    assert page.clarion_js_errors == []
    assert attempted == []
