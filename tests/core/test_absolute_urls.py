"""Links to the site that leave it (shared on WhatsApp, read by search engines and feed readers) use the
public address the operator configured, CLARION_BASE_URL, never the demo Site record's http://localhost/."""

import re
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

BASE = "https://appeal.example.org:8443"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.CLARION_BASE_URL = BASE


def test_the_sitemap_lists_every_page_at_the_public_address(client, demo):
    locations = [loc.text for loc in ET.fromstring(client.get("/sitemap.xml").content).iter(f"{SITEMAP}loc")]

    assert len(locations) > 5
    assert all(location.startswith(BASE + "/") for location in locations), locations


@pytest.mark.parametrize("path", ["/en/petition/", "/en/stop-the-forced-return/", "/en/about/"])
def test_shared_links_and_the_canonical_link_use_the_public_address(client, demo, path):
    html = client.get(path).content.decode()

    assert f'<link rel="canonical" href="{BASE}{path}">' in html
    for prop in ("og:url", "og:image"):
        found = re.search(rf'<meta property="{prop}" content="([^"]*)"', html)
        assert found is None or found.group(1).startswith(BASE + "/"), (prop, found and found.group(1))
    assert "localhost" not in html and "testserver/" not in html


def test_the_news_feed_links_home_at_the_public_address(client, demo):
    feed = ET.fromstring(client.get("/feeds/news.atom").content)
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    ours = [link for link in links if not link.startswith("https://news.example.org/")]  # a report elsewhere

    assert BASE + "/feeds/news.atom" in ours and len(ours) >= 3
    assert all(link.startswith(BASE) for link in ours), links
