"""Leyla subscribes through the sign-up block on the demo site, confirms from the e-mail a real mail server
received, later stops the e-mails from her preferences page, then changes her mind: subscribing again waits
until she follows the link in a fresh confirmation e-mail."""

import pytest
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from clarion.pages.models import StandardPage
from clarion.supporters.models import Consent, Supporter
from tests.journeys.conftest import keep_on_loopback, visit
from tests.petitions.conftest import deliver_outbox
from tests.supporters.conftest import CONFIRM_LINK

pytestmark = pytest.mark.journey

LEYLA = "leyla.karimi@example.org"
NOTICE = "Yes, e-mail me about the Tamsin Valley campaign. I can unsubscribe at any time."
# What the preferences page shows beside "Subscribe again" (CLARION_PREFERENCES_NOTICE unset).
PREFERENCES_NOTICE = "Yes, e-mail me about this campaign and others like it. I can unsubscribe at any time."


@pytest.fixture
def site(live_demo, smtp_server, settings):
    """The demo campaign, its About page carrying a sign-up block, its e-mails arriving at a real SMTP server."""
    settings.CLARION_BASE_URL = live_demo
    about = StandardPage.objects.get(slug="about")
    about.body = [*[(block.block_type, block.value) for block in about.body],
                  ("newsletter_signup", {"heading": "Get campaign news", "intro": "One e-mail a week at most.",
                                         "notice": NOTICE, "button_text": "Subscribe"})]
    assert isinstance(about.body[0].value, RichText)
    about.save_revision().publish()
    return live_demo


def test_supporter_subscribes_confirms_unsubscribes_and_subscribes_again(page, site, smtp_server):
    attempted = keep_on_loopback(page)
    visit(page, site, "/about/")
    block = page.get_by_role("region", name="Get campaign news")
    expect(block.get_by_text(NOTICE)).to_be_visible()
    block.get_by_label("Your e-mail address").fill(LEYLA)
    block.get_by_label("Your name (optional)").fill("Leyla Karimi")
    block.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    assert not Supporter.objects.filter(email=LEYLA).exists()

    deliver_outbox()
    [mail] = smtp_server.to(LEYLA)
    text = mail.get_body(("plain",)).get_content()
    assert text.startswith("Dear Leyla,") and NOTICE in text
    link = CONFIRM_LINK.search(text).group(0)
    assert link.startswith(site + "/supporters/signup/confirm/")
    page.goto(link)
    expect(page.get_by_role("heading", name="Thank you: you are subscribed")).to_be_visible()
    assert Supporter.objects.mailable().filter(email=LEYLA).exists()

    page.get_by_role("link", name="Manage your e-mail preferences").click()
    expect(page.get_by_role("status")).to_have_text(f"We send campaign e-mails to {LEYLA}.")
    page.get_by_role("button", name="Stop all campaign e-mails").click()
    expect(page.get_by_role("status")).to_have_text(f"We send no campaign e-mails to {LEYLA}.")

    assert not Supporter.objects.mailable().filter(email=LEYLA).exists()

    # Back on the same page, she subscribes again: nothing changes until she confirms from her inbox.
    expect(page.get_by_text(PREFERENCES_NOTICE)).to_be_visible()
    page.get_by_role("button", name="Subscribe again").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    assert not Supporter.objects.mailable().filter(email=LEYLA).exists()
    deliver_outbox()
    first, again = smtp_server.to(LEYLA)
    text = again.get_body(("plain",)).get_content()
    assert again["Subject"].startswith("Please confirm") and PREFERENCES_NOTICE in text
    page.goto(CONFIRM_LINK.search(text).group(0))
    expect(page.get_by_role("heading", name="Thank you: you are subscribed")).to_be_visible()

    assert Supporter.objects.mailable().filter(email=LEYLA).exists()
    assert list(Consent.objects.filter(supporter__email=LEYLA).order_by("pk").values_list(
        "action", "channel", "notice__text")) == [
        ("opt_in", "signup", NOTICE), ("opt_out", "preferences", None),
        ("opt_in", "preferences", PREFERENCES_NOTICE)]
    assert page.clarion_js_errors == []
    assert attempted == []
