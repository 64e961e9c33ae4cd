"""Every public page lives under its language's prefix; "/" and old shared links send a visitor to theirs."""

import pytest
from wagtail.models import Locale

from tests.factories import build_page_tree
from tests.i18n.translate import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_page_tree()


def test_every_language_the_site_speaks_has_a_locale_after_migrate(settings):
    assert {code for code, _name in settings.LANGUAGES} <= set(Locale.objects.values_list("language_code", flat=True))


def test_existing_pages_are_in_the_default_language_under_its_prefix(client, tree, settings):
    assert tree.home.locale.language_code == settings.LANGUAGE_CODE == "en"
    assert tree.child.url == "/en/section/child/"
    assert client.get("/en/section/child/").status_code == 200


def test_a_translation_lives_under_its_own_prefix(client, tree):
    translate(tree.home, "fa", title="کارزار")
    persian = translate(tree.section, "fa", title="بخش")
    assert persian.url == "/fa/section/"
    response = client.get("/fa/section/")
    assert response.status_code == 200 and "بخش" in response.content.decode()


@pytest.mark.parametrize(("header", "expected"), [
    ("fa-IR,fa;q=0.9,en;q=0.5", "/fa/"),
    ("ar", "/ar/"),
    ("de-DE,en;q=0.3", "/en/"),
    ("", "/en/"),
])
def test_the_root_sends_each_visitor_to_the_best_language(client, tree, header, expected):
    translate(tree.home, "fa", title="کارزار")
    translate(tree.home, "ar", title="الحملة")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302 and response["Location"] == expected
    assert {"accept-language", "cookie"} <= {v.strip().lower() for v in response["Vary"].split(",")}
    assert "private" in response["Cache-Control"]


def test_the_language_cookie_outranks_the_browser(client, tree, settings):
    translate(tree.home, "fa", title="کارزار")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/fa/"


def test_a_language_without_a_home_page_yet_falls_back_to_the_default_one(client, tree):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fa")["Location"] == "/en/"


def test_an_old_unprefixed_link_redirects_to_its_prefixed_address(client, tree):
    translate(tree.home, "fa", title="کارزار")
    translate(tree.section, "fa", title="بخش")
    assert client.get("/section/child/?ref=abc", HTTP_ACCEPT_LANGUAGE="en")["Location"] == \
        "/en/section/child/?ref=abc"
    # The Persian reader of an old link gets the Persian page where there is one, else the original.
    assert client.get("/section/", HTTP_ACCEPT_LANGUAGE="fa")["Location"] == "/fa/section/"
    assert client.get("/section/child/", HTTP_ACCEPT_LANGUAGE="fa")["Location"] == "/en/section/child/"


@pytest.mark.parametrize("path", ["/xx/section/", "/de/", "/zz/nothing/", "/no-such-page/"])
def test_an_unknown_prefix_or_address_is_a_404_in_the_default_language(client, tree, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="fa")
    assert response.status_code == 404
    assert response["Content-Language"] == "en"
    assert '<html lang="en" dir="ltr"' in response.content.decode()


def test_action_endpoints_keep_their_unprefixed_addresses(client, tree):
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/feeds/news.atom").status_code == 200
    assert client.get("/en/sitemap.xml").status_code == 404


@pytest.mark.parametrize("header", [
    "x" * 100_000,
    "en;q=abc",
    "fa;q=",
    ";;;,,,;q=1,=,",
    "\x00\x01\xff\xfe" * 50,
    ", ".join(f"l{n};q=0.{n % 10}" for n in range(10_000)),
    "fa-" + "a" * 5000,
    "*;q=1e999",
    "ü-ÄÖ,☃;q=0.5",
])
def test_a_malformed_accept_language_never_causes_a_server_error(client, tree, header):
    for path in ("/", "/section/", "/en/section/", "/xx/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=header)
        assert response.status_code in (200, 302, 404), (path, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/en/")
