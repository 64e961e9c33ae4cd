"""The home page costs the same number of queries however many slides and modules the editors add."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from clarion.layout.actions import publish_module
from clarion.layout.models import Assignment
from tests.factories import build_campaign_site, link, make_image, slide

pytestmark = pytest.mark.django_db

POSITIONS = ["sidebar", "footer", "offcanvas", "top"]


def add_slides(site, total):
    images = site.images + [make_image(f"Slide {n}", n) for n in range(len(site.images), total)]
    site.home.slides = [slide(image, n + 1, site.appeal if n % 4 == 0 else None)
                        for n, image in enumerate(images)]
    site.home.save_revision().publish()


def add_modules(site, count, start=0):
    targets = [site.appeal, site.about, site.news_index]
    for n in range(start, start + count):
        image = make_image(f"Module image {n}", 100 + n)
        assignment, pages = [
            (Assignment.ALL, []),
            (Assignment.ONLY, [(site.home, False)]),
            (Assignment.EXCEPT, [(site.appeal, True)]),
        ][n % 3]
        publish_module(
            title=f"Module {n}", position=POSITIONS[n % len(POSITIONS)], assignment=assignment, pages=pages,
            body=[
                ("rich_text", RichText(
                    f"<p>Module {n}: <b>write</b> to the Director, "
                    f"<a linktype='page' id='{site.about.pk}'>about us</a>.</p>"
                )),
                ("image", {"image": image, "alt_text": f"Picture {n}", "caption": "", "credit": ""}),
                ("call_to_action", {"text": "Read the appeal", "link": link(site.appeal), "note": ""}),
                ("menu", {"links": [{"label": p.title, "page": p, "url": ""} for p in targets]}),
            ],
        )


def count_home_page_queries(client):
    client.get("/en/")  # the first view generates the image renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_home_page_queries_do_not_grow_with_slides_and_modules(client):
    site = build_campaign_site(slide_count=11)
    add_modules(site, 10)
    small, small_html = count_home_page_queries(client)

    add_slides(site, 30)
    add_modules(site, 20, start=10)
    large, large_html = count_home_page_queries(client)

    print(f"home page queries: 11 slides + 10 modules = {small}, 30 slides + 30 modules = {large}")
    assert small_html.count('aria-roledescription="slide"') == 11
    assert large_html.count('aria-roledescription="slide"') == 30
    assert large_html.count('class="module') > small_html.count('class="module') >= 7
    assert large == small
