"""Miriam types gmial.com; leaving the field, she is asked "Did you mean miriam@gmail.com?" and one click puts it
right. She signs from the corrected address; no request leaves the machine and no script fails."""

import pytest
from playwright.sync_api import expect

from clarion.petitions.models import Signature, SignatureState
from tests.journeys.conftest import keep_on_loopback, visit
from tests.journeys.test_supporter_signs import PETITION, check_your_email, fill_in, received, submit
from tests.petitions.conftest import change_settings, confirm_link

pytestmark = pytest.mark.journey


@pytest.fixture
def site(live_demo, smtp_server, settings):
    settings.CLARION_BASE_URL = live_demo
    return live_demo


def test_supporter_takes_the_suggested_address_with_one_click(page, site):
    change_settings(min_fill_seconds=0)  # the journey fills the form faster than a person would
    attempted = keep_on_loopback(page)
    visit(page, site, PETITION)
    form = fill_in(page, "Miriam Rezaei", "miriam@gmial.com")
    email = form.get_by_label("Your e-mail address")
    email.blur()

    expect(form.get_by_text("Did you mean")).to_be_visible()
    form.get_by_role("button", name="miriam@gmail.com").click()

    expect(email).to_have_value("miriam@gmail.com")
    expect(form.get_by_text("Did you mean")).to_have_count(0)
    submit(form)
    check_your_email(page)
    assert Signature.objects.get().email == "miriam@gmail.com"
    assert page.clarion_js_errors == []
    assert attempted == []


def test_supporter_who_insists_on_her_address_is_not_taken_for_a_machine(page, site, smtp_server):
    """Yusuf's address really is at yaho.com: the form comes back asking, he ticks the box and resends at once.
    The seconds he spent on the first try count, so his signature is counted, not held as filled too fast."""
    change_settings(min_fill_seconds=3)
    visit(page, site, PETITION)
    form = fill_in(page, "Yusuf Demir", "yusuf@yaho.com")
    page.wait_for_timeout(3500)  # a person reading the page before sending it
    submit(form)

    form = page.locator("form[data-petition-form]")
    keep = form.get_by_label("Yes, yusuf@yaho.com is my address")
    expect(keep).to_be_visible(timeout=30_000)
    keep.check()
    submit(form)
    check_your_email(page)

    [mail] = received(smtp_server, "yusuf@yaho.com", "Please confirm")
    page.goto(confirm_link(mail))
    signature = Signature.objects.get(email="yusuf@yaho.com")
    assert (signature.state, signature.fraud_reason) == (SignatureState.VALIDATED, "")
