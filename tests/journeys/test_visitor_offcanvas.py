"""A visitor on a phone opens the menu drawer, by keyboard and by touch, in left-to-right and right-to-left."""

import pytest
from playwright.sync_api import expect

from clarion.pages.models import StandardPage
from tests.i18n.translate import translate
from tests.journeys.conftest import keep_on_loopback, visit

pytestmark = pytest.mark.journey

APPEAL = "/stop-the-forced-return/"
PHONE_WIDTH = 375
BACKDROP = (PHONE_WIDTH - 10, 300)  # right of the drawer, which opens at the left edge in left-to-right languages


def menu_titles():
    """The pages an editor marked "show in menus" at the top of the site, in tree order."""
    from wagtail.models import Site

    root = Site.objects.get(is_default_site=True).root_page
    titles = [page.title for page in root.get_children().live().public().in_menu()]
    assert "About us" in titles and "News" in titles
    return titles


def drawer(page):
    return page.locator("dialog#offcanvas")


def menu_button(page):
    return page.locator("button.offcanvas-toggle")


def expect_open(page):
    expect(drawer(page)).to_have_attribute("open", "")
    expect(menu_button(page)).to_have_attribute("aria-expanded", "true")
    # Measurements and clicks wait until the drawer has finished sliding in.
    drawer(page).evaluate("(d) => Promise.all(d.getAnimations().map((a) => a.finished))")


def expect_closed_with_focus_back(page):
    expect(drawer(page)).not_to_have_attribute("open", "")
    expect(menu_button(page)).to_have_attribute("aria-expanded", "false")
    expect(menu_button(page)).to_be_focused()


def focus_is_in_drawer(page):
    return drawer(page).evaluate("(d) => d !== document.activeElement && d.contains(document.activeElement)")


def turn_the_wheel(page):
    """Turn the mouse wheel over the backdrop; return where the page was scrolled to before."""
    before = page.evaluate("window.scrollY")
    page.mouse.move(*BACKDROP)
    page.mouse.wheel(0, 600)
    return before


def test_phone_visitor_uses_the_menu_by_keyboard(phone_page, live_demo):
    page = phone_page
    attempted = keep_on_loopback(page)
    visit(page, live_demo, APPEAL)

    expect(page.locator("nav.primary-nav")).to_be_hidden()
    button = menu_button(page)
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "offcanvas")

    for _ in range(5):
        page.keyboard.press("Tab")
        if button.evaluate("(b) => b === document.activeElement"):
            break
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect_open(page)
    assert focus_is_in_drawer(page)

    panel = drawer(page)
    expect(panel.get_by_role("navigation", name="Main").get_by_role("link")).to_have_text(menu_titles())
    spread = panel.get_by_role("region", name="Spread the word")
    expect(spread).to_contain_text("Share the appeal with three people today")

    stops = panel.evaluate("(d) => d.querySelectorAll('a[href], button').length")
    for key in ["Tab"] * (stops + 2) + ["Shift+Tab"] * (stops + 2):
        page.keyboard.press(key)
        assert focus_is_in_drawer(page), f"{key} let focus escape the open drawer"

    assert page.evaluate("document.documentElement.scrollHeight > window.innerHeight + 600")
    expect(page.locator("html")).to_have_class("js offcanvas-open")
    assert page.evaluate("getComputedStyle(document.documentElement).overflow") == "hidden"
    before = turn_the_wheel(page)
    page.wait_for_timeout(500)  # a wheel scroll is animated: give it the time it would take
    assert page.evaluate("window.scrollY") == before, "the page behind the open drawer scrolled"

    page.keyboard.press("Escape")
    expect_closed_with_focus_back(page)
    expect(page.locator("html")).not_to_have_class("js offcanvas-open")
    # The same wheel turn does scroll the page once the drawer is closed.
    page.wait_for_function("(before) => window.scrollY > before", arg=turn_the_wheel(page))
    assert attempted == []
    assert page.clarion_js_errors == []


def test_phone_visitor_opens_and_dismisses_the_menu_by_touch(phone_page, live_demo):
    page = phone_page
    attempted = keep_on_loopback(page)
    visit(page, live_demo, "/about/")

    menu_button(page).tap()
    expect_open(page)
    drawer(page).get_by_role("button", name="Close").tap()
    expect_closed_with_focus_back(page)

    menu_button(page).click()
    expect_open(page)
    drawer(page).get_by_role("link", name="About us").hover()  # a pointer over the drawer itself
    page.mouse.click(*BACKDROP)
    expect_closed_with_focus_back(page)

    menu_button(page).tap()
    expect_open(page)
    page.touchscreen.tap(*BACKDROP)
    expect_closed_with_focus_back(page)
    assert attempted == []
    assert page.clarion_js_errors == []


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("fa", "rtl")])
def test_drawer_opens_from_the_side_where_reading_starts(phone_page, live_demo, language, direction):
    about = StandardPage.objects.get(slug="about", locale__language_code="en")
    if language != "en":  # the page's translation, at its own /fa/ address
        about = translate(about, language, title="دربارهٔ ما")
    page = phone_page
    attempted = keep_on_loopback(page)
    visit(page, live_demo, about.url)
    expect(page.locator("html")).to_have_attribute("dir", direction)

    menu_button(page).click()
    expect_open(page)
    box = drawer(page).bounding_box()
    assert box["width"] < PHONE_WIDTH * 0.9
    if direction == "rtl":
        assert abs(box["x"] + box["width"] - PHONE_WIDTH) <= 1, f"drawer not at the right edge: {box}"
    else:
        assert abs(box["x"]) <= 1, f"drawer not at the left edge: {box}"
    # The backdrop is on the other side: a tap there closes the drawer in either direction.
    page.mouse.click(PHONE_WIDTH - BACKDROP[0] if direction == "rtl" else BACKDROP[0], BACKDROP[1])
    expect_closed_with_focus_back(page)
    assert attempted == []
    assert page.clarion_js_errors == []


def test_desktop_visitor_sees_the_main_menu_in_the_header(page, live_demo):
    attempted = keep_on_loopback(page)
    visit(page, live_demo, "/about/")

    nav = page.locator("header nav.primary-nav")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link")).to_have_text(menu_titles())
    # Navigation or menu button, never both: the drawer's "Spread the word" module is for small screens.
    expect(menu_button(page)).to_be_hidden()
    assert attempted == []
    assert page.clarion_js_errors == []


def test_desktop_visitor_of_a_site_without_navigation_opens_the_drawer_by_its_button(page, live_demo):
    from wagtail.models import Page

    Page.objects.update(show_in_menus=False)
    visit(page, live_demo, "/about/")

    expect(page.locator("nav.primary-nav")).to_have_count(0)
    menu_button(page).click()
    expect_open(page)
    expect(drawer(page).get_by_role("region", name="Spread the word")).to_be_visible()
    assert page.clarion_js_errors == []


def test_menu_button_goes_when_there_is_nothing_to_put_in_the_drawer(phone_page, live_demo):
    from wagtail.models import Page

    from clarion.layout.models import Module

    page = phone_page
    attempted = keep_on_loopback(page)
    for module in Module.objects.filter(position="offcanvas"):
        module.unpublish()
    visit(page, live_demo, "/about/")
    expect(menu_button(page)).to_be_visible()
    expect(drawer(page).get_by_role("region", name="Spread the word")).to_have_count(0)

    Page.objects.update(show_in_menus=False)
    page.reload()
    expect(page.locator("h1")).to_have_text("About us")
    expect(menu_button(page)).to_have_count(0)
    expect(drawer(page)).to_have_count(0)
    expect(page.locator("nav.primary-nav")).to_have_count(0)
    assert attempted == []
    assert page.clarion_js_errors == []
