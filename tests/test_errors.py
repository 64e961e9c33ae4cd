"""What a visitor sees when something goes wrong: our own pages, never a bare error or a traceback."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_visitor_sees_the_styled_500_page_when_the_server_fails(monkeypatch, demo):
    from clarion.pages.models import HomePage

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(HomePage, "serve", broken)
    response = Client(raise_request_exception=False).get("/en/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "clarion/css/site.css" in html
    assert "simulated failure" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/news/?page=not-a-number", "/news/?page=999999", "/%E2%98%83/", "/feeds/news.atom?x=<script>", "/admin-x/"],
)
def test_odd_addresses_never_produce_a_500(client, demo, path):
    response = client.get(path)
    assert response.status_code in (200, 301, 302, 404), response.status_code
