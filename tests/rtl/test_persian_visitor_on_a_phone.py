"""Darya reads the campaign in Persian on a 390 px phone: every page is right-to-left and fits the screen, the menu
slides in from the right where its button is, ArrowLeft takes the slideshow forward, the petition's bar fills
from the right, figures are in Persian digits, and only Persian pages fetch the font's Arabic-script file."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect
from wagtail.models import Locale

from clarion.pages.models import AppealPage, ExternalReportPage, HomePage, NewsIndexPage, NewsPage, StandardPage
from clarion.petitions.models import PetitionPage
from tests.fixtures.browser import _open_page
from tests.i18n.translate import translate
from tests.journeys.conftest import keep_on_loopback, visit

pytestmark = pytest.mark.journey

PHONE = {"width": 390, "height": 844}
ARABIC_FONT = "vazirmatn-arabic"

# Every visible element's box, against the screen's width; what a scrolling strip (the slideshow) or a clipped
# box hides on purpose is not "overflowing", nor is anything inside a closed dialog or hidden on purpose.
# The screen's width is given, not read: a phone browser widens its layout viewport (innerWidth) to fit content
# that overflows, which would hide the very overflow looked for.
OVERFLOWING = """(width) => {
  const found = [];
  const scrolls = document.documentElement.scrollWidth;
  if (scrolls > width) found.push(`page scrolls to ${scrolls}px`);
  const clips = (el) => { const s = getComputedStyle(el); return s.overflowX !== "visible"; };
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest("dialog:not([open]), [hidden], .visually-hidden, .skip-link")) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    let ancestor = el.parentElement, clipped = false;
    while (ancestor && ancestor !== document.body) {
      if (clips(ancestor)) { clipped = true; break; }
      ancestor = ancestor.parentElement;
    }
    if (clipped) continue;
    const box = el.getBoundingClientRect();
    if (!box.width && !box.height) continue;
    if (box.left < -1 || box.right > width + 1) {
      found.push(`${el.tagName.toLowerCase()}.${el.className} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
    }
  }
  return found;
}"""


# Each public page type of the demo in Persian, the way an editor's translate-and-publish leaves it: parents first,
# so each translation sits under its parent's.
PERSIAN_TITLES = {
    HomePage: "کارزار دره تامسین",
    AppealPage: "بازگرداندن اجباری را متوقف کنید",
    StandardPage: "دربارهٔ ما",
    NewsIndexPage: "خبرها",
    NewsPage: "خبر تازه از دره تامسین",
    PetitionPage: "بگذارید خانواده‌های دره تامسین بمانند",
}


@pytest.fixture
def persian(live_demo):
    """The Persian translation of one live page of every public type the demo has (of the about page, which the
    menu journey opens, for the standard page): type → the translation, published."""
    default, fa = Locale.get_default(), Locale.objects.get(language_code="fa")
    pages = {}
    for model, title in PERSIAN_TITLES.items():
        originals = model.objects.live().filter(locale=default)
        original = (originals.filter(slug="about") if model is StandardPage else originals).first()
        assert original is not None, f"the demo has no {model.__name__}"
        copy = original.get_translation_or_none(fa)
        if copy is None:
            copy = translate(original, "fa", title=title)
        else:  # made as a parent of an earlier one: give it its words
            copy = copy.specific
            copy.title = title
            copy.save_revision().publish()
        assert copy.live and copy.url.startswith("/fa/"), copy.url
        pages[model] = copy
    assert ExternalReportPage.objects.live().exists()  # listed on the news index, never rendered itself
    return pages


@pytest.fixture
def phone(browser, request, artifacts_dir):
    yield from _open_page(browser, request, artifacts_dir, viewport=PHONE, has_touch=True, is_mobile=True)


def test_every_page_type_is_right_to_left_and_fits_a_phone(phone, live_demo, persian):
    attempted = keep_on_loopback(phone)
    for path in [page.url for page in persian.values()]:
        visit(phone, live_demo, path)
        expect(phone.locator("html")).to_have_attribute("dir", "rtl")
        expect(phone.locator("html")).to_have_attribute("lang", "fa")
        phone.wait_for_load_state("load")
        assert phone.evaluate("window.innerWidth") == PHONE["width"], path
        assert phone.evaluate(OVERFLOWING, PHONE["width"]) == [], path
    assert attempted == []
    assert phone.clarion_js_errors == []


def test_the_menu_slides_in_from_the_right_where_its_button_is(phone, live_demo, persian):
    visit(phone, live_demo, persian[StandardPage].url)
    button = phone.locator("button.offcanvas-toggle")
    button_box = button.bounding_box()
    assert button_box["x"] + button_box["width"] > PHONE["width"] / 2, f"menu button not on the right: {button_box}"
    button.click()
    drawer = phone.locator("dialog#offcanvas")
    expect(drawer).to_have_attribute("open", "")
    # While it slides, the drawer starts beyond the right edge of the screen.
    first_frame = drawer.evaluate("""(d) => {
      const animation = d.getAnimations()[0];
      if (!animation) return null;
      animation.pause(); animation.currentTime = 0;
      const box = d.getBoundingClientRect();
      animation.play();
      return box.left;
    }""")
    assert first_frame is None or first_frame >= PHONE["width"] - 1, first_frame
    drawer.evaluate("(d) => Promise.all(d.getAnimations().map((a) => a.finished))")
    box = drawer.bounding_box()
    assert abs(box["x"] + box["width"] - PHONE["width"]) <= 1, f"drawer not at the right edge: {box}"
    assert box["width"] < PHONE["width"] * 0.9


def current_slide(page):
    return page.locator(".carousel__slide:not([inert])").get_attribute("id")


def test_arrow_left_takes_the_slideshow_forward(phone, live_demo, persian):
    visit(phone, live_demo, persian[HomePage].url)
    slides = phone.locator(".carousel__slides")
    first = current_slide(phone)
    assert first.endswith("-slide-1")
    first_box = phone.locator(".carousel__slide").first.bounding_box()
    second_box = phone.locator(".carousel__slide").nth(1).bounding_box()
    assert second_box["x"] < first_box["x"], "the second slide should lie to the left of the first"
    slides.focus()
    phone.keyboard.press("ArrowLeft")
    expect(phone.locator(".carousel__slide:not([inert])")).to_have_attribute("id", first[:-1] + "2")
    phone.keyboard.press("ArrowRight")
    expect(phone.locator(".carousel__slide:not([inert])")).to_have_attribute("id", first)
    # "Next" sits to the left of "previous", and its arrow points left, the way the slides move.
    prev = phone.locator("[data-carousel-prev]").bounding_box()
    nxt = phone.locator("[data-carousel-next]").bounding_box()
    assert nxt["x"] < prev["x"]
    assert points_left(phone.locator("[data-carousel-next]")) and not points_left(phone.locator("[data-carousel-prev]"))
    phone.locator("[data-carousel-next]").click()
    expect(phone.locator(".carousel__slide:not([inert])")).to_have_attribute("id", first[:-1] + "2")


def points_left(button):
    """Whether the chevron drawn in the middle of `button` has its tip on the left: its white pixels in the middle
    row lie left of those in the rows above."""
    image = Image.open(io.BytesIO(button.screenshot())).convert("L")
    side = min(image.size)
    box = image.crop(((image.width - side * 0.5) // 2, (image.height - side * 0.5) // 2,
                      (image.width + side * 0.5) // 2, (image.height + side * 0.5) // 2))
    rows = {}
    for x in range(box.width):
        for y in range(box.height):
            if box.getpixel((x, y)) > 180:
                rows.setdefault(y, []).append(x)
    assert rows, "no arrow drawn"
    top, bottom = min(rows), max(rows)
    middle = [x for y in rows if abs(y - (top + bottom) / 2) <= 1 for x in rows[y]]
    upper = [x for y in rows if y <= top + 1 for x in rows[y]]
    return sum(middle) / len(middle) < sum(upper) / len(upper)


def accent_at(image, x):
    red, green, blue, *_ = image.getpixel((x, image.height // 2))
    return red > 150 and green < 80 and blue < 80


def test_the_petition_counts_in_persian_and_its_bar_fills_from_the_right(phone, live_demo, persian):
    visit(phone, live_demo, persian[PetitionPage].url)
    counter = phone.locator("[data-petition-count]")
    expect(counter).to_have_attribute("data-number-locale", "fa-IR")
    goal = counter.locator("[data-goal]").inner_text()
    assert goal and all(ch in "۰۱۲۳۴۵۶۷۸۹٬" for ch in goal), goal
    # The live counter writes figures exactly as the server did.
    assert counter.evaluate("(c) => new Intl.NumberFormat(c.dataset.numberLocale).format(12345)") == "۱۲٬۳۴۵"

    bar = phone.locator("[data-progress]")
    bar.evaluate("(b) => { b.hidden = false; b.max = 100; b.value = 30; }")
    bar.scroll_into_view_if_needed()
    image = Image.open(io.BytesIO(bar.screenshot())).convert("RGB")
    assert accent_at(image, image.width - 4) and not accent_at(image, 4)


def fonts_fetched(page, live_demo, path):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    visit(page, live_demo, path)
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    return [url for url in fetched if "/fonts/" in url]


def test_only_persian_pages_fetch_the_arabic_script_font(phone, live_demo, persian):
    # The news list dates its items: in Persian, in the Solar Hijri calendar's month names.
    english_news = persian[NewsIndexPage].get_translation(Locale.get_default())
    assert english_news.url.startswith("/en/")
    english = fonts_fetched(phone, live_demo, english_news.url)
    assert english and not [url for url in english if ARABIC_FONT in url]
    fetched = fonts_fetched(phone, live_demo, persian[NewsIndexPage].url)
    assert [url for url in fetched if ARABIC_FONT in url]
