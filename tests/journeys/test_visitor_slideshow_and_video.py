"""A visitor watches the home page slideshow, takes control of it, and plays the appeal's video."""

import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.journeys.conftest import keep_on_loopback, visit

pytestmark = pytest.mark.journey

SLIDES = 11
INTERVAL_MS = 6000
APPEAL = "/stop-the-forced-return/"
MORNING = datetime(2026, 12, 8, 9, 0)


def stop_the_clock(page):
    """Freeze the page's timers: the slideshow moves on only when the test lets time pass, however slow the machine."""
    page.clock.install(time=MORNING)
    page.clock.pause_at(MORNING)


def current_slide(page):
    """The slide number (1-based) the carousel's picker marks as shown."""
    dot = page.locator('.carousel__dot[aria-disabled="true"]')
    expect(dot).to_have_count(1)
    return int(dot.get_attribute("data-carousel-goto")) + 1


def expect_showing(page, number):
    """Slide `number` is the one shown: its dot is disabled, it alone is live and it is scrolled into view."""
    expect(page.get_by_role("button", name=f"Slide {number}", exact=True)).to_have_attribute("aria-disabled", "true")
    slides = page.locator(".carousel__slide")
    expect(slides.nth(number - 1)).not_to_have_attribute("inert", re.compile(".*"))
    assert slides.evaluate_all("(els) => els.filter((el) => !el.inert).length") == 1
    expect(slides.nth(number - 1)).to_be_in_viewport(ratio=0.9)


def leave_the_carousel(page):
    """Move the pointer and focus away, so hover or focus no longer holds the rotation still."""
    page.mouse.move(1, 1)
    page.evaluate("document.activeElement && document.activeElement.blur()")


def test_visitor_pauses_and_steps_the_slideshow(page, live_demo):
    attempted = keep_on_loopback(page)
    stop_the_clock(page)
    visit(page, live_demo, "/")

    carousel = page.locator('section[aria-roledescription="carousel"]')
    expect(carousel).to_have_attribute("aria-label", "Tamsin Valley camp in pictures")
    expect(carousel.locator('[role="group"][aria-roledescription="slide"]')).to_have_count(SLIDES)
    pause = page.get_by_role("button", name="Stop automatic slide show")
    expect(pause).to_be_visible()
    expect_showing(page, 1)

    page.clock.run_for(INTERVAL_MS - 500)
    assert current_slide(page) == 1, "the slideshow moved on before its interval"
    page.clock.run_for(1000)
    expect_showing(page, 2)

    pause.click()
    expect(page.get_by_role("button", name="Start automatic slide show")).to_be_visible()
    leave_the_carousel(page)
    page.clock.run_for(INTERVAL_MS * 3)
    assert current_slide(page) == 2, "the slideshow kept rotating after the visitor paused it"

    page.get_by_role("button", name="Slide 1", exact=True).click()
    expect_showing(page, 1)
    page.get_by_role("button", name="Next slide").click()
    expect_showing(page, 2)
    page.get_by_role("button", name="Previous slide").click()
    expect_showing(page, 1)
    page.get_by_role("button", name="Previous slide").click()
    expect_showing(page, SLIDES)

    page.get_by_role("button", name="Slide 5", exact=True).click()
    expect_showing(page, 5)

    page.locator(".carousel__slides").focus()
    page.keyboard.press("ArrowRight")
    expect_showing(page, 6)
    page.keyboard.press("ArrowLeft")
    expect_showing(page, 5)

    assert attempted == []
    assert page.clarion_js_errors == []


def test_visitor_who_prefers_reduced_motion_sees_a_still_slideshow(still_page, live_demo):
    page = still_page
    attempted = keep_on_loopback(page)
    stop_the_clock(page)
    visit(page, live_demo, "/")

    expect(page.get_by_role("button", name="Start automatic slide show")).to_be_visible()
    page.clock.run_for(INTERVAL_MS * 3)
    expect_showing(page, 1)

    page.get_by_role("button", name="Next slide").click()
    expect_showing(page, 2)
    assert attempted == []
    assert page.clarion_js_errors == []


def test_visitor_without_javascript_scrolls_through_every_slide(no_script_page, live_demo):
    page = no_script_page
    attempted = keep_on_loopback(page)
    visit(page, live_demo, "/")

    strip = page.locator(".carousel__slides")
    slides = strip.locator(".carousel__slide")
    expect(slides).to_have_count(SLIDES)
    expect(strip.locator("img.carousel__image")).to_have_count(SLIDES)
    expect(slides.first.locator("img")).to_have_attribute("alt", "Tents of Tamsin Valley camp at dawn")
    expect(slides.last.locator("img")).to_have_attribute("alt", "Sunrise over the valley")
    # Without the script the buttons could do nothing, so they stay hidden.
    expect(page.get_by_role("button", name="Next slide")).to_be_hidden()
    assert strip.evaluate("(el) => getComputedStyle(el).scrollSnapType").startswith("x")

    expect(slides.last).not_to_be_in_viewport()
    slides.last.scroll_into_view_if_needed()
    expect(slides.last).to_be_in_viewport(ratio=0.9)
    expect(slides.last.locator("img")).to_have_js_property("complete", True)
    assert strip.evaluate("(el) => el.scrollLeft") > 0
    assert attempted == []


def test_visitor_plays_the_video_facade(page, live_demo):
    attempted = keep_on_loopback(page)
    visit(page, live_demo, APPEAL)
    page.wait_for_load_state("networkidle")

    figure = page.locator("figure.video")
    play = figure.get_by_role("link", name=re.compile("Play video"))
    expect(play).to_be_visible()
    expect(play).to_have_accessible_name(re.compile(r"Play video: Voices from Tamsin Valley"))
    expect(figure.locator("iframe")).to_have_count(0)
    assert attempted == [], f"the appeal page contacted other hosts before play: {attempted}"

    with page.expect_request(lambda request: "youtube-nocookie.com" in request.url):
        play.click()

    iframe = figure.locator("iframe")
    expect(iframe).to_have_attribute("src", re.compile(r"^https://www\.youtube-nocookie\.com/embed/Cl4r10nDemo"))
    expect(iframe).to_have_attribute("title", "Voices from Tamsin Valley (4 minutes)")
    assert attempted, "pressing play did not load the video"
    assert {urlsplit(url).hostname for url in attempted} == {"www.youtube-nocookie.com"}
    assert page.clarion_js_errors == []
