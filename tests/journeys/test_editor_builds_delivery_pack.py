"""Farah, who organises the demo campaign, prepares the petition's delivery: she opens the petition's Delivery page in
the admin, enters a stack of paper signatures from Saturday's stall, writes the cover letter, builds the pack
and watches its progress until the worker has finished, then downloads the names for the minister's office."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clarion.petitions.models import PetitionPage
from tests.journeys.conftest import keep_on_loopback, log_in_to_admin
from tests.journeys.test_organiser_sends_alert import worker  # noqa: F401 (the site's own task worker)
from tests.petitions.test_admin_support import add_signatures

pytestmark = pytest.mark.journey

PASSWORD = "four days before friday"
BUILD_TAKES_MS = 60_000


@pytest.fixture
def site(live_demo, worker, settings, django_user_model):  # noqa: F811
    settings.CLARION_BASE_URL = live_demo
    django_user_model.objects.create_superuser("farah", "farah.haddad@example.org", PASSWORD)
    return live_demo


def test_editor_builds_delivery_pack(site, page):
    petition = PetitionPage.objects.live().first()
    add_signatures(petition, 3, name="Named Signer", name_to_target=True, name_to_target_text="Give my name.")
    attempted = keep_on_loopback(page)
    log_in_to_admin(page, site, "farah", PASSWORD)
    # The petition's edit page links here (tests/delivery/test_admin.py); the journey starts on the page itself.
    page.goto(site + reverse("delivery_admin:petition", args=[petition.pk]))
    expect(page.get_by_role("heading", name="Signatures", exact=True)).to_be_visible()

    tally = page.get_by_role("form", name="A counted stack")
    tally.get_by_label("Number of signatures").fill("2100")
    tally.get_by_label("Note").fill("Market stall, Saturday")
    tally.get_by_role("button", name="Add tally").click()
    expect(page.locator("[data-figures]")).to_contain_text("verified online + 2,100 on paper")

    page.get_by_label("Cover letter to the target").fill("Dear Minister,\n\nwe hand you this petition.")
    page.get_by_role("button", name="Build the pack").click()
    bar = page.get_by_label("Progress of the pack")
    expect(bar).to_be_visible()
    expect(page.get_by_role("link", name="names.csv")).to_be_visible(timeout=BUILD_TAKES_MS)
    expect(page.locator('[data-pack-progress-target="status"]')).to_have_text("Ready")
    expect(bar).to_have_attribute("value", "100.0")

    with page.expect_download() as download:
        page.get_by_role("link", name="names.csv").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.count("Named Signer") == 3
    assert attempted == []
