"""An appeal's first petition block stands beside its story as the action; without one, no "Sign now" link."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import build_campaign_site

pytestmark = pytest.mark.django_db


def soup_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_appeals_petition_stands_beside_the_story_with_a_link_to_it_near_the_top(client, demo):
    soup = soup_of(client, "/en/stop-the-forced-return/")

    action = soup.select_one("#sign.campaign__action")
    assert action.select_one("form[data-petition-form]") is not None
    assert soup.select_one(".campaign__story form[data-petition-form]") is None
    assert soup.select_one(".campaign__story .video__facade") is not None  # the rest of the story stays in order
    assert soup.select_one('.campaign-hero a[href="#sign"]').get_text(strip=True) == "Sign now"
    assert soup.select_one(".campaign-hero img") is not None


def test_an_appeal_without_a_petition_reads_as_one_column(client):
    site = build_campaign_site()

    soup = soup_of(client, site.appeal.url)

    assert soup.select_one("#sign") is None and soup.select_one('a[href="#sign"]') is None
    assert "campaign--with-action" not in soup.select_one("article.campaign")["class"]
