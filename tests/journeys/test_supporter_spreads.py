"""Miriam signs the demo petition, confirms, and invites three friends from her thank-you page (a link in her note is
refused, her friends kept); the invitations go out through the real worker; Kaveh follows his, signs and confirms;
Lena follows hers to "never e-mail me again"; Miriam's private impact page, linked from her thank-you e-mail,
shows 1."""

import re

import pytest
from playwright.sync_api import expect

from clarion.petitions.models import Signature, SignatureState
from clarion.spread.models import Invitation, Suppression
from tests.conftest import run_queued_tasks
from tests.fixtures.browser import axe_violations
from tests.journeys.conftest import keep_on_loopback, visit
from tests.petitions.conftest import change_settings, confirm_link, deliver_outbox

pytestmark = pytest.mark.journey

PETITION = "/en/petition/"  # the petition lives under its language prefix
MIRIAM = "miriam.rezaei@example.org"
FRIENDS = [("Kaveh", "kaveh@example.net"), ("Lena", "lena@example.net"), ("", "dariush@example.net")]


@pytest.fixture
def site(live_demo, smtp_server, settings):
    """The demo campaign on a live server, whose e-mails link back to it and arrive at a real SMTP server."""
    settings.CLARION_BASE_URL = live_demo
    change_settings(min_fill_seconds=0)  # the signing journey proves the timing; this one is about spreading
    return live_demo


def received(smtp_server, address, subject_start):
    deliver_outbox()
    return [m for m in smtp_server.to(address) if m["Subject"].startswith(subject_start)]


def text_of(mail):
    return mail.get_body(("plain",)).get_content()


def sign_and_confirm(page, smtp_server, name, email):
    form = page.locator("form[data-petition-form]")
    form.get_by_label("Your name").fill(name)
    form.get_by_label("Your e-mail address").fill(email)
    form.get_by_role("combobox", name="Country").select_option(label="Germany")
    form.get_by_role("button", name="Sign the petition").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    [mail] = received(smtp_server, email, "Please confirm your signature")
    page.goto(confirm_link(mail))
    expect(page.get_by_role("heading", name="Thank you: your signature is confirmed")).to_be_visible()


def test_supporter_invites_three_friends_and_sees_one_sign(page, phone_page, site, smtp_server):
    attempted = keep_on_loopback(page) + keep_on_loopback(phone_page)
    visit(page, site, PETITION)
    sign_and_confirm(page, smtp_server, "Miriam Rezaei", MIRIAM)

    code = Signature.objects.get(email=MIRIAM).supporter.referral_code
    whatsapp = page.get_by_role("link", name="Share by WhatsApp")
    expect(whatsapp).to_have_attribute("href", re.compile(rf"^https://wa\.me/\?text=.*ref%3D{code}%26src%3Dwhatsapp"))
    expect(page.get_by_role("link", name="Share by E-mail")).to_have_attribute("href", re.compile("^mailto:"))
    expect(page.get_by_label("Your link to the petition")).to_have_value(f"{site}{PETITION}?ref={code}&src=copy")
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    assert axe_violations(page) == []

    invite = page.get_by_role("region", name="Invite friends by e-mail")
    for number, (name, email) in enumerate(FRIENDS, start=1):
        friend = invite.get_by_role("group", name=f"Friend {number}")
        friend.get_by_label("E-mail address").fill(email)
        friend.get_by_label("First name (optional)").fill(name)
    expect(invite.get_by_text("You can invite 25 more friends today.")).to_be_visible()
    invite.get_by_label("A personal note (optional)").fill("Please sign, see spam。example/x — thank you!")
    invite.get_by_role("button", name="Send the invitations").click()
    invite = page.get_by_role("region", name="Invite friends by e-mail")
    expect(invite.get_by_text("A note can’t contain a web or e-mail address")).to_be_visible()
    expect(invite.get_by_text("(“spam.example/x”)")).to_be_visible()
    expect(invite.get_by_role("group", name="Friend 1").get_by_label("E-mail address")).to_have_value(FRIENDS[0][1])
    assert axe_violations(page) == []
    assert Invitation.objects.count() == 0
    invite.get_by_label("A personal note (optional)").fill("Please sign — thank you!")
    invite.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_role("status").filter(has_text="Your invitations are on their way")).to_be_visible()
    expect(page.get_by_text("You can invite 22 more friends today.")).to_be_visible()
    assert Invitation.objects.count() == 3

    run_queued_tasks()  # the worker decides which invitations go out, and mails them
    [invitation] = received(smtp_server, "kaveh@example.net", "Miriam asks you to sign")
    assert invitation["Reply-To"] == MIRIAM
    assert "Please sign — thank you!" in text_of(invitation)
    link = re.search(rf"{re.escape(site)}\S*\?ref={code}&src=invite", text_of(invitation)).group(0)
    phone_page.goto(link)
    sign_and_confirm(phone_page, smtp_server, "Kaveh Amini", "kaveh@example.net")
    kaveh = Signature.objects.get(email="kaveh@example.net")
    assert (kaveh.state, kaveh.referrer.referral_code, kaveh.channel) == (SignatureState.VALIDATED, code, "invite")

    [for_lena] = received(smtp_server, "lena@example.net", "Miriam asks you to sign")
    phone_page.goto(re.search(r"\S*/spread/never/\S+/", text_of(for_lena)).group(0))
    phone_page.get_by_role("button", name="Never e-mail me again").click()
    expect(phone_page.get_by_role("heading", name="You will not be invited again")).to_be_visible()
    assert Suppression.objects.count() == 1

    [thanks] = received(smtp_server, MIRIAM, "Thank you for signing")
    page.goto(re.search(r"\S*/spread/impact/\S+/", text_of(thanks)).group(0))
    expect(page.get_by_role("heading", name="Your impact")).to_be_visible()
    expect(page.get_by_text("1 person has signed through you.")).to_be_visible()
    expect(page.locator("[data-impact=direct]")).to_have_text("1")
    assert page.clarion_js_errors == [] and phone_page.clarion_js_errors == []
    assert attempted == []


def test_a_visitor_who_lands_on_the_home_page_from_a_share_keeps_the_attribution(page, site, smtp_server):
    visit(page, site, PETITION)
    sign_and_confirm(page, smtp_server, "Miriam Rezaei", MIRIAM)
    code = Signature.objects.get(email=MIRIAM).supporter.referral_code
    page.context.clear_cookies()

    visitor = page.context.browser.new_page()
    keep_on_loopback(visitor)
    visit(visitor, site, f"/?ref={code}&src=telegram&utm_source=group-chat")
    visit(visitor, site, PETITION)  # a plain address: only the script remembers where the visit began
    sign_and_confirm(visitor, smtp_server, "Lena Berg", "lena@example.net")
    visitor.close()

    lena = Signature.objects.get(email="lena@example.net")
    assert (lena.referrer.referral_code, lena.channel, lena.first_touch) == (
        code, "telegram", {"utm_source": "group-chat"})
