"""Farah delivers the demo petition to the minister after it closed: she records the delivery from the petition's
editor, tries to record the answer before it was delivered and is told why not, records it properly and the
outcome, and the public page tells the story as a timeline (screen readers hear which step is the latest)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clarion.petitions.models import PetitionPage, PetitionSteps
from tests.journeys.conftest import keep_on_loopback, log_in_to_admin, visit

pytestmark = pytest.mark.journey

PASSWORD = "hand it over on monday"


def admin_time(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def fill_date(page, field, moment):
    """Put the date in the field as typing it would, without focusing it: the picker that focus opens would lie
    over the buttons below it."""
    field = page.get_by_label(field) if isinstance(field, str) else field
    field.evaluate("(input, value) => { input.value = value; }", admin_time(moment))


def test_editor_records_delivery_and_response(page, live_demo, django_user_model):
    attempted = keep_on_loopback(page)
    now = timezone.now()
    petition = PetitionPage.objects.get()
    PetitionPage.objects.filter(pk=petition.pk).update(opens_at=now - timedelta(days=40),
                                                       closes_at=now - timedelta(days=3))
    django_user_model.objects.create_superuser("farah", "farah@example.org", PASSWORD)
    log_in_to_admin(page, live_demo, "farah", PASSWORD)

    page.goto(f"{live_demo}/admin/pages/{petition.pk}/edit/")
    page.get_by_role("navigation", name="Actions", exact=True).get_by_role("button", name="Actions", exact=True).click()
    page.get_by_role("link", name="Delivery and outcome").click()
    expect(page.get_by_role("heading", name="1. Delivered")).to_be_visible()

    fill_date(page, "Responded on", now - timedelta(days=2))
    page.get_by_label("The target's response").fill("The return order is suspended pending review.")
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("Record the delivery first.")).to_be_visible()

    fill_date(page, "Delivered on", now - timedelta(days=2))
    page.get_by_label("How").fill("In person, with forty supporters at the ministry gate")
    page.get_by_label("To whom").fill("the Minister's chief of staff")
    page.get_by_role("button", name="Record the delivery").click()
    expect(page.get_by_text("The delivery is recorded.")).to_be_visible()

    fill_date(page, "Responded on", now - timedelta(days=1))
    page.get_by_label("The target's response").fill("The return order is suspended pending review.")
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("The response is recorded.")).to_be_visible()

    outcome = page.get_by_role("region", name="Outcome")
    outcome.get_by_role("combobox").select_option("ongoing")
    fill_date(page, outcome.get_by_role("textbox"), now - timedelta(hours=1))
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("The outcome is recorded.")).to_be_visible()
    assert PetitionSteps.objects.get(petition=petition).outcome == "ongoing"

    visit(page, live_demo, petition.url)
    timeline = page.get_by_role("region", name="What has happened")
    steps = timeline.get_by_role("listitem")
    expect(steps.first).to_contain_text("Opened for signatures")
    opened_on = timezone.localtime(now - timedelta(days=40)).date().isoformat()
    expect(steps.first.locator("time")).to_have_attribute("datetime", re.compile(rf"^{opened_on}T"))
    expect(timeline).to_contain_text("Delivered to the Minister's chief of staff")
    expect(timeline).to_contain_text("In person, with forty supporters at the ministry gate")
    expect(timeline).to_contain_text("The return order is suspended pending review.")
    expect(timeline.locator('[aria-current="step"]')).to_contain_text("The campaign goes on")
    texts = steps.all_inner_texts()
    order = [next(i for i, text in enumerate(texts) if what in text)
             for what in ("Opened", "Closed", "Delivered", "target responded", "campaign goes on")]
    assert order == sorted(order)
    page.screenshot(path="/tmp/lifecycle-timeline.png", full_page=True)
    assert attempted == []
