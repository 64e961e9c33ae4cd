"""A link to the petition or the appeal previews well: title, description and a picture, by absolute address."""

import re

import pytest

from clarion.demo import content

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/en/petition/", "/en/stop-the-forced-return/"])
def test_petition_and_appeal_pages_carry_open_graph_and_twitter_card_meta(client, demo, path, settings):
    html = client.get(path).content.decode()

    meta = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z_:]+)" content="([^"]*)"', html))
    assert meta["og:title"] and meta["twitter:title"] == meta["og:title"]
    assert meta["og:description"] and meta["twitter:description"] == meta["og:description"]
    assert meta["og:site_name"] == content.SITE_NAME
    assert re.match(rf"^{settings.CLARION_BASE_URL}/media/images/\S+\.fill-1200x630", meta["og:image"])
    assert meta["twitter:card"] == "summary_large_image"
