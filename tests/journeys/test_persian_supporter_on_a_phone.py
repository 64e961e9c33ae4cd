"""Amir reads the demo campaign in Persian on a phone 390 px wide: the menu drawer comes in from the right and
goes with Escape, he steps through the slideshow with the arrow keys (right to left: ArrowLeft is next), signs
the Persian petition, receives the confirmation mail in Persian over SMTP, confirms from its link, and sees the
one count rise on the English petition too. Axe finds no barrier on the Persian pages he visits nor on the
English petition."""

import re
import time

import pytest
from playwright.sync_api import expect

from clarion.demo.build import build_demo
from clarion.pages.models import HomePage
from clarion.petitions.counting import count_round
from clarion.petitions.models import PetitionPage
from tests.fixtures.browser import _open_page, axe_violations
from tests.journeys.conftest import keep_on_loopback, visit
from tests.journeys.test_accessibility import describe
from tests.petitions.conftest import confirm_link, deliver_outbox

pytestmark = pytest.mark.journey

PHONE = {"width": 390, "height": 844}
SLIDES = 11
AMIR = "amir.karimi@example.org"
MIN_FILL_SECONDS = 3  # the quickest a person fills the form, per the default settings
PERSIAN = re.compile("[\u0600-\u06ff]")
@pytest.fixture
def persian_phone(browser, request, artifacts_dir):
    """A phone 390 × 844 with touch, whose reader prefers Persian."""
    yield from _open_page(browser, request, artifacts_dir, viewport=PHONE, has_touch=True, is_mobile=True,
                          locale="fa-IR")


@pytest.fixture
def site(live_server, django_db_serialized_rollback, _migrations_data, smtp_server, settings):
    """The demo campaign in English and Persian, as `make run` loads it, on a live server whose mails link back
    to it and arrive at a real SMTP server."""
    build_demo(translate=True)
    settings.CLARION_BASE_URL = live_server.url
    return live_server.url


def in_language(model, code):
    return model.objects.get(locale__language_code=code)


def no_barriers(page):
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n{describe(violations)}"


def drawer(page):
    return page.locator("dialog#offcanvas")


def open_the_drawer(page):
    page.locator("button.offcanvas-toggle").tap()
    expect(drawer(page)).to_have_attribute("open", "")
    drawer(page).evaluate("(d) => Promise.all(d.getAnimations().map((a) => a.finished))")


def current_slide(page):
    dot = page.locator('.carousel__dot[aria-disabled="true"]')
    expect(dot).to_have_count(1)
    return int(dot.get_attribute("data-carousel-goto")) + 1


def expect_showing(page, number):
    expect(page.locator(f'.carousel__dot[data-carousel-goto="{number - 1}"]')).to_have_attribute(
        "aria-disabled", "true")


def counter(page):
    return page.locator("[data-petition-count] [data-count]")


def a_persian_page_that_fits_the_phone(page, title):
    """Persian, right to left, the page's own title, nothing wider than the phone, and no barriers."""
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text(title)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    no_barriers(page)


def test_persian_supporter_signs_on_a_phone_and_counts_on_the_english_petition(persian_phone, site, smtp_server):
    page = persian_phone
    attempted = keep_on_loopback(page)
    home, petition = in_language(HomePage, "fa"), in_language(PetitionPage, "fa")
    english_petition = in_language(PetitionPage, "en")
    assert home.url == "/fa/"

    visit(page, site, home.url)
    a_persian_page_that_fits_the_phone(page, home.title)

    # The menu drawer: in from the right, where a Persian reader's eye starts; Escape puts it away.
    open_the_drawer(page)
    expect(drawer(page).get_by_role("region", name="خبرش را برسانید")).to_contain_text("سه نفر")
    no_barriers(page)
    box = drawer(page).bounding_box()
    assert box["width"] < PHONE["width"] * 0.9
    assert abs(box["x"] + box["width"] - PHONE["width"]) <= 1, f"drawer not at the right edge: {box}"
    page.keyboard.press("Escape")
    expect(drawer(page)).not_to_have_attribute("open", "")
    expect(page.locator("button.offcanvas-toggle")).to_be_focused()

    # The slideshow by keyboard (focus holds its rotation still): right to left, so the next slide is to the left.
    carousel = page.locator("section[data-carousel]")  # its role description is in Persian too
    expect(carousel).to_have_attribute("aria-label", home.slideshow_label)
    page.locator(".carousel__slides").focus()
    first = current_slide(page)
    page.keyboard.press("ArrowLeft")
    expect_showing(page, first % SLIDES + 1)
    page.keyboard.press("ArrowLeft")
    expect_showing(page, (first + 1) % SLIDES + 1)
    page.keyboard.press("ArrowRight")
    shown = first % SLIDES + 1
    expect_showing(page, shown)
    expect(page.locator(".carousel__slide").nth(shown - 1)).to_contain_text(home.slides[shown - 1].value["caption"])

    # The first slide leads to the Persian petition.
    visit(page, site, petition.url)
    expect(page.locator("h1")).to_have_text(petition.title)
    expect(page.locator("main")).to_contain_text(petition.demand)
    no_barriers(page)
    opened = time.monotonic()
    form = page.locator("form[data-petition-form]")
    form.locator('[name="name"]').fill("امیر کریمی")
    form.locator('[name="email"]').fill(AMIR)
    form.locator('[name="country"]').select_option("SE")
    form.locator('[name="opt_in"]').check()
    time.sleep(max(0, MIN_FILL_SECONDS + 0.5 - (time.monotonic() - opened)))  # as long as a person takes
    form.locator('button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/check-your-email/"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    no_barriers(page)

    # The confirmation mail speaks Persian, right to left, and quotes the Persian wording he agreed to.
    deliver_outbox()
    [mail] = smtp_server.to(AMIR)
    html = mail.get_body(("html",)).get_content()
    assert re.search(r'<html lang="fa" dir="rtl"', html), html[:200]
    assert PERSIAN.search(mail["Subject"]), mail["Subject"]
    assert petition.consent_text in html
    page.goto(confirm_link(mail))
    expect(page).to_have_url(re.compile(r"/thanks/"))
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    no_barriers(page)

    # One petition, one count: the English page shows his signature too.
    count_round()
    visit(page, site, english_petition.url)
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(counter(page)).to_have_text("1")
    no_barriers(page)
    assert attempted == []
    assert page.clarion_js_errors == []
