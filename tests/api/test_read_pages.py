"""A partner's site lists the campaign's appeals and news from the API, pictures included."""

import pytest

pytestmark = pytest.mark.django_db


def test_appeals_come_with_summary_dates_and_picture_sizes(client, campaign, settings):
    (appeal,) = client.get("/api/v1/appeals/").json()["results"]

    page = campaign.site.appeal
    assert appeal["title"] == page.title and appeal["summary"] == page.lead
    assert appeal["url"] == settings.CLARION_BASE_URL + page.url
    assert appeal["date"] == page.date.isoformat() and appeal["first_published_at"]
    renditions = appeal["image"]["renditions"]
    # The sizes the appeal's page draws (a 320-pixel test picture is never enlarged): one share, six heroes.
    assert [r["size"] for r in renditions] == ["share"] + ["hero"] * 6
    assert {(r["width"], r["height"]) for r in renditions} == {(320, 168), (320, 140)}
    assert len({r["url"] for r in renditions}) == 7
    assert all(r["url"].startswith(settings.CLARION_BASE_URL + "/media/") for r in appeal["image"]["renditions"])


def test_news_lists_our_news_and_reports_published_elsewhere(client, campaign):
    news = {item["title"]: item for item in client.get("/api/v1/news/").json()["results"]}

    assert set(news) == {"Letters delivered", "Inside Tamsin Valley"}
    report = news["Inside Tamsin Valley"]
    assert report["url"] == campaign.site.report.external_url and report["source"] == "The Example Times"
    ours = news["Letters delivered"]
    assert ours["summary"] == "2,000 letters handed over." and ours["image"] is None and ours["source"] is None


def test_an_unpublished_appeal_leaves_the_list(client, campaign):
    campaign.site.appeal.unpublish()
    assert client.get("/api/v1/appeals/").json()["results"] == []
