"""Miriam opens her confirmation mail, and later an action alert, on a phone 375 px wide: the button is there,
fits the screen without sideways scrolling, passes an accessibility scan, and takes her to the page."""

import pytest
from playwright.sync_api import expect

from clarion.alerts.compose import Composer
from clarion.alerts.models import Mailing
from clarion.petitions import actions
from clarion.petitions.models import PetitionPage
from clarion.supporters.models import Supporter
from tests.fixtures.browser import axe_violations
from tests.journeys.conftest import keep_on_loopback
from tests.petitions.conftest import deliver_outbox

pytestmark = pytest.mark.journey
PHONE_WIDTH = 375


@pytest.fixture
def site(live_demo, smtp_server, settings):
    settings.CLARION_BASE_URL = live_demo
    return live_demo


def open_mail(page, message):
    page.set_content(message.get_body(("html",)).get_content())


def assert_fits_the_phone(page, button):
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
    assert box["height"] >= 44  # a finger's target
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert axe_violations(page) == []


def test_supporter_confirms_from_the_mail_on_a_phone(phone_page, site, smtp_server):
    attempted = keep_on_loopback(phone_page)
    petition = PetitionPage.objects.get()
    actions.sign_petition(petition, name="Miriam Rezaei", email="miriam@example.org", country="DE",
                          elapsed_ms=8000)
    deliver_outbox()
    [message] = smtp_server.to("miriam@example.org")

    open_mail(phone_page, message)
    button = phone_page.get_by_role("link", name="Confirm my signature")
    assert_fits_the_phone(phone_page, button)
    button.click()

    expect(phone_page.get_by_role("heading", name="Thank you: your signature is confirmed")).to_be_visible()
    assert attempted == []


def test_supporter_opens_an_action_alert_on_a_phone(phone_page, site, smtp_server):
    attempted = keep_on_loopback(phone_page)
    supporter = Supporter.objects.order_by("pk").first()
    Composer(Mailing.objects.get()).message(supporter).send()
    [message] = smtp_server.to(supporter.email)

    open_mail(phone_page, message)
    button = phone_page.get_by_role("link", name="Sign the petition")
    assert_fits_the_phone(phone_page, button)
    button.click()

    expect(phone_page.get_by_role("heading", level=1)).to_contain_text(PetitionPage.objects.get().title)
    assert f"ref={supporter.referral_code}" in phone_page.url
    assert attempted == []
