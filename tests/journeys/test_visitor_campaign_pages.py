"""Sara reads an appeal on her laptop with the form beside the story, finds the action on her phone's first
screen, watches the counter climb, shares from the thank-you page, and is led to the mistakes in her form."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from clarion.petitions.models import PetitionCount, PetitionPage
from tests.fixtures.browser import axe_violations
from tests.journeys.conftest import keep_on_loopback, visit
from tests.journeys.test_accessibility import describe

pytestmark = pytest.mark.journey

APPEAL = "/stop-the-forced-return/"
PETITION = "/petition/"
PHONE_HEIGHT = 740


def counted(count, **petition_fields):
    petition = PetitionPage.objects.get()
    PetitionPage.objects.filter(pk=petition.pk).update(**petition_fields)
    PetitionCount.objects.update_or_create(petition=petition, defaults={"count": count})
    cache.clear()
    return petition


def box(locator):
    return locator.bounding_box()


def scroll_to(page, y):
    """Scroll at once (no smooth scrolling), as a test can measure."""
    page.evaluate("(y) => window.scrollTo({top: y, behavior: 'instant'})", y)


@pytest.mark.parametrize("path", [APPEAL, PETITION], ids=["appeal", "petition"])
def test_desktop_visitor_reads_the_story_beside_the_form(page, live_demo, path):
    attempted = keep_on_loopback(page)
    visit(page, live_demo, path)
    story, action = page.locator(".campaign__story"), page.locator("#sign")
    expect(action.locator("form[data-petition-form]")).to_be_visible()
    expect(page.get_by_role("link", name="Sign now")).to_be_hidden()  # the form is already in sight

    beside = box(story)["x"] + box(story)["width"] <= box(action)["x"]
    assert beside, "the action column should stand to the right of the story in a left-to-right language"
    assert box(action)["y"] < 900, "the action should start on the first screen"
    assert attempted == []
    assert page.clarion_js_errors == []


def test_desktop_visitor_keeps_the_form_in_view_as_the_story_scrolls(page, live_demo):
    visit(page, live_demo, APPEAL)
    story, action = page.locator(".campaign__story"), page.locator("#sign")
    story_before, action_before = box(story)["y"], box(action)["y"]

    scroll_to(page, 400)

    assert box(story)["y"] == pytest.approx(story_before - 400, abs=1), "the story scrolls with the page"
    held = box(action)
    assert 0 <= held["y"] < action_before, "the action moved up to the top of the screen and stopped there"
    assert held["y"] + held["height"] <= 900, "the whole action column stays on the screen"
    expect(action.get_by_label("Your name")).to_be_in_viewport()


@pytest.mark.parametrize("path", [APPEAL, PETITION], ids=["appeal", "petition"])
def test_phone_visitor_finds_the_action_on_the_first_screen(phone_page, live_demo, path):
    page = phone_page
    visit(page, live_demo, path)

    sign_now = page.get_by_role("link", name="Sign now")
    expect(sign_now).to_be_visible()
    assert box(sign_now)["y"] + box(sign_now)["height"] <= PHONE_HEIGHT
    sign_now.tap()
    name = page.locator("#sign form[data-petition-form]").get_by_label("Your name")
    expect(name).to_be_in_viewport()
    assert page.clarion_js_errors == []


def test_header_shows_the_navigation_or_the_menu_button_never_both(page, phone_page, live_demo):
    # The demo has a module in the off-canvas panel, which once kept the menu button on wide screens too.
    for tab, nav_shown in ((page, True), (phone_page, False)):
        visit(tab, live_demo, APPEAL)
        nav, button = tab.locator("nav.primary-nav"), tab.locator("button.offcanvas-toggle")
        expect(nav).to_be_visible() if nav_shown else expect(nav).to_be_hidden()
        expect(button).to_be_hidden() if nav_shown else expect(button).to_be_visible()


def test_visitor_sees_a_progress_bar_toward_the_next_milestone(page, live_demo):
    counted(1234)
    visit(page, live_demo, PETITION)

    counter = page.locator("#sign [data-petition-count]")
    expect(counter.locator("[data-count]")).to_have_text("1,234")
    expect(counter.locator("[data-count-label]")).to_have_text("signatures")
    bar = counter.get_by_role("progressbar", name="Signatures toward the goal")
    expect(bar).to_have_attribute("value", "1234")
    expect(bar).to_have_attribute("max", "5000")
    expect(counter).to_contain_text("Help us reach 5,000")
    expect(counter.get_by_text("Be the first to sign")).to_be_hidden()


def test_first_visitor_is_invited_to_be_first_never_shown_zero(page, live_demo):
    visit(page, live_demo, PETITION)

    counter = page.locator("#sign [data-petition-count]")
    expect(counter.get_by_text("Be the first to sign")).to_be_visible()
    expect(counter.locator("[data-count]")).to_be_hidden()
    expect(counter.get_by_role("progressbar")).to_have_count(0)  # hidden from everyone until there is a count
    assert not re.search(r"\b0\s+(signatures|people)", page.locator("main").inner_text())


def test_editor_threshold_hides_a_small_number(page, live_demo):
    counted(42, show_count_from=100)
    visit(page, live_demo, PETITION)

    counter = page.locator("#sign [data-petition-count]")
    expect(counter.get_by_text("Be one of the first to sign")).to_be_visible()
    expect(counter.locator("[data-count]")).to_be_hidden()
    assert "42" not in page.locator("main").inner_text()


def test_counter_climbs_to_a_new_count_while_the_page_is_open(page, live_demo):
    page.clock.install()
    visit(page, live_demo, PETITION)
    counter = page.locator("#sign [data-petition-count]")
    number = counter.locator("[data-count]")
    expect(number).to_be_hidden()

    counted(1000)
    with page.expect_response(re.compile(r"/count\.json$")):
        page.clock.run_for(10_500)  # the counter asks every ten seconds
    page.wait_for_function("() => document.querySelector('#sign [data-count]').offsetParent !== null")
    page.clock.run_for(500)
    midway = int(number.inner_text().replace(",", ""))
    assert 0 < midway < 1000, f"the number should be climbing, not jump: {midway}"
    page.clock.run_for(1_500)
    expect(number).to_have_text("1,000")
    expect(counter.get_by_role("progressbar")).to_have_js_property("value", 1000)
    assert page.clarion_js_errors == []


def test_visitor_who_wants_less_motion_sees_the_new_count_at_once(still_page, live_demo):
    page = still_page
    page.clock.install()
    visit(page, live_demo, PETITION)

    counted(1000)
    with page.expect_response(re.compile(r"/count\.json$")):
        page.clock.run_for(10_500)
    page.clock.run_for(50)
    expect(page.locator("#sign [data-count]")).to_have_text("1,000")


def test_signer_shares_with_recognisable_buttons_and_is_not_asked_to_sign_again(page, phone_page, live_demo):
    petition = PetitionPage.objects.get()
    for tab in (page, phone_page):
        visit(tab, live_demo, f"/petitions/{petition.pk}/thanks/")
        links = tab.get_by_role("list", name="Share the petition").get_by_role("link")
        expect(links).to_have_count(5)
        for network in ("E-mail", "WhatsApp", "Telegram", "Facebook", "X"):
            link = tab.get_by_role("link", name=f"Share by {network}", exact=True)
            expect(link).to_be_visible()
            expect(link.locator("svg use")).to_have_attribute("href", re.compile("^#share-icon-"))
            assert box(link)["height"] < 64, f"{network}'s button should fit its name on one line"
        assert tab.locator("svg symbol[id^='share-icon-']").count() >= 5  # drawn on the page, fetched from nowhere
        expect(tab.locator("form[data-petition-form]")).to_have_count(0)
        expect(tab.get_by_role("link", name=re.compile(r"^Sign\b"))).to_have_count(0)
        expect(tab.get_by_role("button", name=re.compile(r"^Sign\b"))).to_have_count(0)
        assert axe_violations(tab) == []


def test_signer_with_mistakes_is_taken_to_the_first_one(page, live_demo, settings):
    settings.CLARION_BASE_URL = live_demo  # the form posts from the site's own address
    visit(page, live_demo, PETITION)
    form = page.locator("form[data-petition-form]")
    form.get_by_label("Your e-mail address").fill("miriam@")
    form.get_by_role("button", name="Sign the petition").click()

    expect(page.get_by_role("heading", name="Please check your signature")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="About us")).to_be_visible()
    form = page.locator("form[data-petition-form]")
    name = form.get_by_label("Your name")
    expect(name).to_be_focused()
    for label in ("Your name", "Your e-mail address"):
        field = form.get_by_label(label)
        expect(field).to_have_attribute("aria-invalid", "true")
        message = page.locator("#" + field.get_attribute("aria-describedby"))
        expect(message).to_be_visible()
        expect(field).to_have_accessible_description(message.inner_text())
    expect(form.get_by_role("combobox", name="Country")).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []


def test_signing_form_fills_itself_from_the_browser(page, live_demo):
    visit(page, live_demo, PETITION)
    form = page.locator("form[data-petition-form]")

    autocomplete = {label: form.get_by_label(label).get_attribute("autocomplete")
                    for label in ("Your name", "Your e-mail address", "Postal code")}
    autocomplete["Country"] = form.get_by_role("combobox", name="Country").get_attribute("autocomplete")

    assert autocomplete == {"Your name": "name", "Your e-mail address": "email", "Country": "country",
                            "Postal code": "postal-code"}
    expect(form.get_by_role("link", name="How we use your data")).to_have_attribute("href", "/en/privacy/")


@pytest.mark.parametrize("path", [PETITION, APPEAL], ids=["petition", "appeal"])
def test_campaign_pages_meet_no_serious_barrier_at_either_width(page, phone_page, live_demo, path):
    counted(1234)
    found = {}
    for width, tab in (("1280px", page), ("375px", phone_page)):
        visit(tab, live_demo, path)
        tab.wait_for_load_state("networkidle")
        violations = axe_violations(tab)
        if violations:
            found[width] = violations
    assert not found, "\n".join(f"{path} at {width}:\n{describe(v)}" for width, v in found.items())
