"""Each page says its language and direction, links its translations, and offers the others by their own names."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from tests.factories import build_campaign_site
from tests.i18n.translate import translate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.CLARION_BASE_URL = "http://testserver"

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def site():
    return build_campaign_site()


@pytest.fixture
def translated(site):
    """The home page in Persian and Arabic; the appeal in Persian only."""
    fa_home = translate(site.home, "fa", title="کارزار دره تامسین")
    ar_home = translate(site.home, "ar", title="حملة وادي تامسين")
    fa_appeal = translate(site.appeal, "fa", title="بازگرداندن اجباری را متوقف کنید")
    return {"fa_home": fa_home, "ar_home": ar_home, "fa_appeal": fa_appeal}


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(("page", "lang", "direction"), [
    ("home", "en", "ltr"), ("appeal", "en", "ltr"), ("about", "en", "ltr"), ("news", "en", "ltr"),
    ("fa_home", "fa", "rtl"), ("ar_home", "ar", "rtl"), ("fa_appeal", "fa", "rtl"),
])
def test_every_page_type_says_its_language_and_direction(client, site, translated, page, lang, direction):
    target = translated.get(page) or getattr(site, page)
    html = soup(client, target.url).html
    assert (html["lang"], html["dir"]) == (lang, direction)


def test_a_page_lists_its_published_translations_and_the_root_as_x_default(client, site, translated):
    links = {link["hreflang"]: link["href"] for link in soup(client, "/en/stop-the-forced-return/")
             .find_all("link", rel="alternate", hreflang=True)}
    assert links == {"en": "http://testserver/en/stop-the-forced-return/",
                     "fa": "http://testserver/fa/stop-the-forced-return/", "x-default": "http://testserver/"}


def test_an_unpublished_translation_is_no_alternate_and_not_in_the_switcher(client, site, translated):
    translated["fa_appeal"].unpublish()
    page = soup(client, "/en/stop-the-forced-return/")
    assert "fa" not in {link["hreflang"] for link in page.find_all("link", rel="alternate", hreflang=True)}
    switcher = page.select(".site-header .language-switcher a")
    assert {a["hreflang"]: a["href"] for a in switcher}["fa"] == "/fa/"


def test_the_switcher_links_each_language_in_its_own_name_to_the_page_or_that_languages_home(
        client, site, translated):
    page = soup(client, "/fa/stop-the-forced-return/")
    for nav in (page.select_one(".site-header .language-switcher"), page.select_one("#offcanvas .language-switcher")):
        assert nav.name == "nav" and nav.ul is not None
        links = nav.select("li > a")
        assert [(a["lang"], a.get_text(strip=True), a["href"]) for a in links] == [
            ("en", "English", "/en/stop-the-forced-return/"),
            ("fa", "فارسی", "/fa/stop-the-forced-return/"),
            ("ar", "العربيّة", "/ar/"),  # no Arabic appeal yet: the Arabic home page
        ]
        assert [a.get("aria-current") for a in links] == [None, "true", None]
        assert all(a["hreflang"] == a["lang"] for a in links)


def test_the_menu_and_home_link_stay_in_the_pages_language(client, site, translated):
    page = soup(client, "/fa/")
    assert page.select_one(".site-brand")["href"] == "/fa/"
    assert [a["href"] for a in page.select(".primary-nav a")] == ["/fa/stop-the-forced-return/"]


def test_the_sitemap_lists_every_translation_with_its_alternates(client, site, translated):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    entries = {url.find(f"{SITEMAP}loc").text: {link.get("hreflang"): link.get("href")
                                                  for link in url.iter(f"{XHTML}link")}
               for url in root.iter(f"{SITEMAP}url")}
    appeal = {"en": "http://testserver/en/stop-the-forced-return/",
              "fa": "http://testserver/fa/stop-the-forced-return/", "x-default": "http://testserver/"}
    assert entries["http://testserver/en/stop-the-forced-return/"] == appeal
    assert entries["http://testserver/fa/stop-the-forced-return/"] == appeal
    assert set(entries["http://testserver/ar/"]) == {"en", "fa", "ar", "x-default"}
    assert entries["http://testserver/en/about/"] == {"en": "http://testserver/en/about/",
                                                      "x-default": "http://testserver/"}
