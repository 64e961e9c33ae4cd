"""Miriam signs, confirms from the mail a real SMTP server received, keeps the receipt her thank-you page shows
once, and checks on the public page, in her browser, that her signature is in the signed count."""

import base64
import hashlib
import re

import pytest
from playwright.sync_api import expect

from clarion.petitions.counting import count_round
from tests.journeys.conftest import keep_on_loopback, visit
from tests.journeys.test_supporter_signs import PETITION, check_your_email, fill_in, received, submit
from tests.petitions.conftest import change_settings, confirm_link

pytestmark = pytest.mark.journey

MIRIAM = "miriam@example.org"


@pytest.fixture
def site(live_demo, smtp_server, settings):
    settings.CLARION_BASE_URL = live_demo
    return live_demo


def check(page, receipt):
    page.get_by_label("Your receipt").fill(receipt)
    page.get_by_role("button", name="Check").click()
    return page.locator("[data-transparency-result]")


def test_supporter_verifies_her_receipt(page, site, smtp_server):
    attempted = keep_on_loopback(page)
    change_settings(min_fill_seconds=0)
    visit(page, site, PETITION)
    submit(fill_in(page, "Miriam Rezaei", MIRIAM))
    check_your_email(page)
    page.goto(confirm_link(received(smtp_server, MIRIAM, "Please confirm")[0]))
    receipt = page.locator("[data-receipt]").inner_text().strip()
    assert len(receipt) == 32
    [thanks] = received(smtp_server, MIRIAM, "Thank you for signing")
    text = thanks.get_body(("plain",)).get_content()
    assert receipt in text
    [check_link] = re.findall(r"\S+/transparency/", text)
    assert check_link.startswith(site)
    assert page.get_by_role("link", name="Check your signature is counted").get_attribute("href") in check_link
    page.reload()
    expect(page.get_by_role("heading", name="Thank you: your signature is confirmed")).to_be_visible()
    expect(page.locator("[data-receipt]")).to_have_count(0)  # shown once

    visit(page, site, PETITION)
    submit(fill_in(page, "Dariush Karimi", "dariush@example.org"))
    page.goto(confirm_link(received(smtp_server, "dariush@example.org", "Please confirm")[0]))
    page.goto(check_link)  # the link beside the receipt in her thank-you mail
    expect(page.get_by_role("heading", name="Check your signature is counted")).to_be_visible()
    result = check(page, receipt)
    expect(result).to_contain_text("No tree head has been published")  # nothing counted before the round

    count_round()
    result = check(page, receipt)
    expect(result).to_contain_text("Your signature is counted: your receipt is leaf 0 of the log of 2 entries")
    expect(page.locator("[data-transparency]")).to_have_attribute("data-outcome", "included")
    expect(page.locator("[data-transparency]")).to_have_attribute("data-signature", "checked")

    expect(check(page, "not-my-receipt")).to_contain_text("not in this petition's log")

    def forge(route):
        proof = route.fetch().json()
        proof["inclusion"] = ["A" * 43 + "="]
        route.fulfill(json=proof)

    page.route("**/inclusion/*.json", forge)
    expect(check(page, receipt)).to_contain_text("does not match its signed count")
    page.unroute("**/inclusion/*.json")
    expect(check(page, receipt)).to_contain_text("Your signature is counted")

    def forge_head(route):
        """A proof and head that agree with each other (a tree holding only her leaf), unsigned by the site."""
        proof = route.fetch().json()
        leaf = hashlib.sha256(b"\x00" + b"\x00" + hashlib.sha256(receipt.encode()).digest()).digest()
        proof.update(leaf_index=0, tree_size=1, inclusion=[])
        proof["head"].update(tree_size=1, count=1, root_hash=base64.b64encode(leaf).decode())
        route.fulfill(json=proof)

    page.route("**/inclusion/*.json", forge_head)
    expect(check(page, receipt)).to_contain_text("does not match its signed count")
    expect(page.locator("[data-transparency]")).to_have_attribute("data-outcome", "forged")
    assert page.clarion_js_errors == []
    assert attempted == []
