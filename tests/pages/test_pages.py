"""A visitor reads the campaign: every page type, errors, feeds, caching and privacy of what loads."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Page

from clarion.layout.actions import publish_module
from clarion.pages.models import NewsPage, StandardPage
from clarion.pages.video import parse_video_url
from tests.factories import REPORT_URL, build_campaign_site, link, publish

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
VIDEO_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be", "ytimg.com", "vimeo.com", "vimeocdn.com")


@pytest.fixture
def site():
    site = build_campaign_site()
    publish_module(title="Act now", position="sidebar", body=[
        ("image", {"image": site.images[1], "alt_text": "The camp", "caption": "", "credit": ""}),
        ("call_to_action", {"text": "Read the appeal", "link": link(site.appeal), "note": ""}),
    ])
    publish_module(title="Elsewhere", position="footer", body=[
        ("menu", {"links": [{"label": "Our partners", "page": None, "url": "https://partners.example.org/"}]}),
    ])
    return site


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_visitor_reads_the_home_page(client, site):
    html = html_of(client.get("/en/"))
    assert html.count('aria-roledescription="slide"') == 3
    assert site.appeal.title in html
    assert "Act now" in html
    assert 'href="https://partners.example.org/"' in html
    assert "Letters delivered" in html


def test_visitor_reads_the_appeal_and_sees_a_video_facade(client, site):
    soup = BeautifulSoup(html_of(client.get(site.appeal.url)), "html.parser")
    assert soup.h1.get_text(strip=True) == "Stop the forced return"
    facade = soup.select_one(".video__facade")
    assert facade["data-video-embed"] == "https://www.youtube-nocookie.com/embed/Cl4r10nDemo?autoplay=1&rel=0"
    assert facade.select_one("a.video__play")["href"] == "https://www.youtube.com/watch?v=Cl4r10nDemo"
    assert "Playing loads the video from YouTube" in facade.get_text()
    assert facade.find("iframe") is None


def test_visitor_reads_a_standard_page(client, site):
    html = html_of(client.get(site.about.url))
    assert "About us" in html
    assert "We are volunteers." in html


def test_news_index_lists_news_and_links_the_report_to_its_source(client, site):
    soup = BeautifulSoup(html_of(client.get(site.news_index.url)), "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select("a.news-item__title")}
    assert links == {"Letters delivered": site.news.url, "Inside Tamsin Valley": REPORT_URL}
    assert "report by The Example Times" in soup.get_text()


def test_visitor_reads_a_news_page(client, site):
    html = html_of(client.get(site.news.url))
    assert "Letters delivered" in html
    assert "The committee walked to the office." in html


def test_external_report_page_sends_the_visitor_to_the_source(client, site):
    response = client.get(site.report.url)
    assert response.status_code == 302
    assert response["Location"] == REPORT_URL


def test_page_declares_english_left_to_right(client, site):
    assert '<html lang="en" dir="ltr"' in html_of(client.get("/en/"))


def test_persian_site_is_right_to_left(client, settings):
    settings.LANGUAGE_CODE = "fa"
    site = build_campaign_site()
    assert site.appeal.url == "/fa/stop-the-forced-return/"
    assert '<html lang="fa" dir="rtl"' in html_of(client.get(site.appeal.url))


@pytest.mark.parametrize("page_name", ["home", "appeal", "about", "news_index", "news"])
def test_public_pages_are_cacheable_and_hold_nothing_per_visitor(client, site, page_name, settings):
    response = client.get(getattr(site, page_name).url)
    html = html_of(response)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", f"max-age={settings.CLARION_PUBLIC_CACHE_SECONDS}"}
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies
    assert "sessionid" not in response.cookies


def test_two_visitors_get_the_same_bytes(client, site):
    for url in ("/en/", site.appeal.url, site.news_index.url):
        assert client.get(url).content == Client().get(url).content


def test_editor_page_is_not_publicly_cacheable(client, site, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    response = client.get("/en/")
    assert "wagtail-userbar" in html_of(response)
    assert "public" not in response.get("Cache-Control", "")
    assert "Cookie" in response.get("Vary", "")


def test_unknown_address_shows_a_friendly_404(client, site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert 'href="/"' in html
    assert "public" not in response.get("Cache-Control", "")


def test_sitemap_lists_our_pages_but_not_the_external_report(client, site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = {urlsplit(el.text).path for el in ET.fromstring(response.content).iter()
                 if el.tag.endswith("loc")}
    assert site.appeal.url in locations
    assert site.news.url in locations
    assert site.report.url not in locations
    assert REPORT_URL not in response.content.decode()


def test_atom_feed_lists_both_news_items(client, site):
    response = client.get("/feeds/news.atom")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    entries = {e.findtext(f"{ATOM}title"): e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")}
    assert set(entries) == {"Letters delivered", "Inside Tamsin Valley"}
    assert entries["Inside Tamsin Valley"] == REPORT_URL
    assert urlsplit(entries["Letters delivered"]).path == site.news.url


def test_rss_feed_lists_both_news_items(client, site):
    response = client.get("/feeds/news.rss")
    assert response.status_code == 200
    items = {i.findtext("title"): i.findtext("link") for i in ET.fromstring(response.content).iter("item")}
    assert set(items) == {"Letters delivered", "Inside Tamsin Valley"}
    assert items["Inside Tamsin Valley"] == REPORT_URL
    assert urlsplit(items["Letters delivered"]).path == site.news.url


def _urls_loaded_by(soup):
    """Every address the browser fetches on its own (not links the visitor may choose to follow)."""
    for tag in soup.find_all(True):
        for attr in ("src", "href", "poster", "action", "data", "srcset", "imagesrcset"):
            value = tag.get(attr)
            if not value or (tag.name == "a" and attr == "href") or "canonical" in tag.get("rel", ()):
                continue
            if attr.endswith("srcset"):
                yield from (item.strip().split(" ")[0] for item in value.split(",") if item.strip())
            else:
                yield value
        yield from re.findall(r"url\(\s*['\"]?([^'\")]+)", tag.get("style", ""))
    for style in soup.find_all("style"):
        yield from re.findall(r"url\(\s*['\"]?([^'\")]+)", style.get_text())


@pytest.mark.parametrize("page_name", ["home", "appeal"])
def test_public_page_loads_nothing_from_another_host(client, site, page_name):
    soup = BeautifulSoup(html_of(client.get(getattr(site, page_name).url)), "html.parser")

    loaded = list(_urls_loaded_by(soup))
    foreign = [u for u in loaded if urlsplit(u).scheme or urlsplit(u).netloc not in ("", "testserver")]

    assert any("/media/images/" in u for u in loaded)
    assert foreign == []


def test_video_facade_mentions_video_hosts_only_where_nothing_loads(client, site):
    soup = BeautifulSoup(html_of(client.get(site.appeal.url)), "html.parser")
    mentions = []
    for tag in soup.find_all(True):
        for attr, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else value
            if any(host in text for host in VIDEO_HOSTS):
                mentions.append((tag.name, attr))
    for script in soup.find_all("script"):
        assert not any(host in script.get_text() for host in VIDEO_HOSTS)
    assert sorted(mentions) == [("a", "href"), ("div", "data-video-embed")]


def test_very_long_words_do_not_break_any_page(client, site):
    word = "Ѡ" * 500
    long_title = "W" * Page._meta.get_field("title").max_length
    page = publish(site.home, StandardPage(title=long_title, slug="long", intro=word, show_in_menus=True))
    publish(site.news_index, NewsPage(title=long_title, slug="long-news", summary=word))

    html = html_of(client.get(page.url))
    assert long_title in html
    assert word in html
    for url in ("/en/", site.news_index.url, site.appeal.url):
        assert long_title in html_of(client.get(url))
    assert client.get("/feeds/news.atom").status_code == 200


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", ("youtube", "dQw4w9WgXcQ")),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", ("youtube", "dQw4w9WgXcQ")),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://youtube.com/shorts/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0", ("youtube", "dQw4w9WgXcQ")),
        ("https://vimeo.com/76979871", ("vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871", ("vimeo", "76979871")),
    ],
)
def test_editor_pastes_a_youtube_or_vimeo_address(url, expected):
    assert parse_video_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "",
        None,
        "https://example.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.dailymotion.com/video/x7tgad0",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload%3D",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%0A",
        "https://www.youtube.com/channel/UC1234567890",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/12345",
        "javascript:alert('https://www.youtube.com/watch?v=dQw4w9WgXcQ')",
        "javascript://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_address_that_is_not_a_youtube_or_vimeo_video_is_refused(url):
    assert parse_video_url(url) is None
