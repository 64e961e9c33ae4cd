"""Farah, an editor, turns on two-factor sign-in from her account, signs out, and signs in again with her password
and the code her app shows; a wrong code is refused. Where the operator requires it, Kaveh, who has none, can
do nothing in the admin until he sets it up."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.accounts.conftest import key_of, totp_code
from tests.fixtures.browser import axe_violations
from tests.journeys.conftest import keep_on_loopback, log_in_to_admin

pytestmark = pytest.mark.journey

PASSWORD = "candles at the camp gate"


def editor(django_user_model, username):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def give_password(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def set_up_app(page):
    """What a person does on the set-up page: add the key to an authenticator app, type the code it shows."""
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator("figure.two-factor-qr svg")).to_be_visible()
    assert axe_violations(page) == []
    key = key_of(page.locator("#two-factor-key").inner_text())
    page.get_by_label("Code").fill(totp_code(key))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    expect(page.get_by_role("list", name="Backup codes").get_by_role("listitem")).to_have_count(10)
    page.get_by_role("link", name="I have kept them: continue").click()
    return key


def test_editor_turns_on_two_factor_and_signs_in_with_a_code(page, live_demo, django_user_model):
    editor(django_user_model, "farah")
    attempted = keep_on_loopback(page)
    log_in_to_admin(page, live_demo, "farah", PASSWORD)

    page.locator("button.sidebar-footer__account").click()
    page.get_by_role("complementary", name="Sidebar").get_by_role("link", name="Account").click()
    page.get_by_role("tab", name="More actions").click()
    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.get_by_text("Two-factor sign-in is off")).to_be_visible()
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    key = set_up_app(page)
    expect(page.get_by_text("Two-factor sign-in is on")).to_be_visible()

    page.locator("button.sidebar-footer__account").click()
    page.get_by_role("button", name="Log out").click()
    give_password(page, live_demo, "farah")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Code").fill("000000" if totp_code(key, steps_ahead=1) != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right.")
    page.goto(live_demo + "/admin/pages/")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()

    page.wait_for_timeout(1100)  # a wrong code makes the next wait a second
    page.get_by_label("Code").fill(totp_code(key, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    assert page.url.endswith("/admin/pages/")
    assert attempted == []
    assert page.clarion_js_errors == []


def test_editor_without_a_second_factor_must_set_one_up_when_required(page, live_demo, django_user_model, settings):
    settings.CLARION_REQUIRE_2FA = True
    editor(django_user_model, "kaveh")
    attempted = keep_on_loopback(page)

    give_password(page, live_demo, "kaveh")
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    for path in ("/admin/", "/admin/pages/", "/admin/account/", "/admin/account/two-factor/"):
        page.goto(live_demo + path)
        expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
        expect(page.get_by_role("navigation", name="Main menu")).to_have_count(0)

    set_up_app(page)
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    assert attempted == []
