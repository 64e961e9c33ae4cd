"""When an appeal goes viral, visitors without cookies get pages from the server's cache; an editor's
publish shows at once, and nobody with a cookie or a login is ever answered from it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 30
    return make_home()


def test_the_second_anonymous_visitor_costs_no_database_query(client, home, django_assert_num_queries):
    first = client.get("/")
    assert first.status_code == 200

    with django_assert_num_queries(0):
        second = client.get("/")

    assert second.content == first.content
    assert second["Cache-Control"] == first["Cache-Control"]


def test_a_publish_shows_to_the_next_visitor(client, home):
    client.get("/")

    home.title = "Tamsin Valley: the decision is tomorrow"
    home.save_revision().publish()

    assert "the decision is tomorrow" in client.get("/").content.decode()


def test_visitors_with_cookies_and_editors_are_never_served_from_it(client, home, django_user_model):
    client.get("/")
    client.cookies["csrftoken"] = "x" * 32
    with CaptureQueriesContext(connection) as rendered:
        client.get("/")
    assert rendered.captured_queries  # rendered afresh, not taken from the cache

    client.cookies.clear()
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    response = client.get("/")
    assert "private" in response["Cache-Control"]
    client.logout()
    client.cookies.clear()
    assert "private" not in client.get("/")["Cache-Control"]


def test_a_link_shared_with_its_source_keeps_its_source_for_every_visitor(client, settings):
    from tests.petitions.conftest import make_petition

    settings.CLARION_PAGE_CACHE_SECONDS = 30
    path = make_petition().url
    plain = client.get(path).content.decode()
    shared = client.get(f"{path}?ref=abc&src=whatsapp").content.decode()

    assert 'value="whatsapp"' in shared  # the signing form carries the source the link was shared with
    assert 'value="whatsapp"' not in plain and 'value="whatsapp"' not in client.get(path).content.decode()
    assert 'value="whatsapp"' in client.get(f"{path}?ref=abc&src=whatsapp").content.decode()


def test_a_kept_page_is_the_page_a_fresh_render_gives(client, home, settings):
    client.get("/")
    kept = client.get("/").content

    settings.CLARION_PAGE_CACHE_SECONDS = 0
    assert kept == client.get("/").content


def test_a_page_that_varies_on_more_than_the_cookie_is_never_kept(client, home, monkeypatch):
    from django.utils.cache import patch_vary_headers

    from clarion.pages.models import HomePage

    serve = HomePage.serve

    def serve_by_language(self, request, *args, **kwargs):
        response = serve(self, request, *args, **kwargs)
        patch_vary_headers(response, ["Accept-Language"])
        return response

    monkeypatch.setattr(HomePage, "serve", serve_by_language)
    client.get("/")
    with CaptureQueriesContext(connection) as rendered:
        client.get("/", headers={"Accept-Language": "de"})
    assert rendered.captured_queries  # rendered afresh: the kept copy might be in the wrong language


def test_the_live_count_is_computed_at_most_once_a_second(client, settings, django_assert_num_queries):
    from clarion.petitions.lookup import forget_petitions
    from tests.petitions.conftest import make_petition

    settings.CLARION_PAGE_CACHE_SECONDS = 30
    petition = make_petition()
    path = f"/petitions/{petition.pk}/count.json"
    first = client.get(path)
    forget_petitions()  # the view would now read the petition again: only a kept answer costs no query

    with django_assert_num_queries(0):
        assert client.get(path).content == first.content
    assert first["Access-Control-Allow-Origin"] == "*"


def test_a_kept_page_goes_out_before_django_builds_a_request(home, wsgi, settings):
    from django.core.signals import request_started

    settings.ALLOWED_HOSTS = ["testserver"]
    requests = []
    request_started.connect(lambda **kwargs: requests.append(kwargs["environ"]), weak=False,
                            dispatch_uid="count-requests")
    try:
        first = wsgi("GET", "/")
        second = wsgi("GET", "/")
        with_cookie = wsgi("GET", "/", HTTP_COOKIE="sessionid=x")
        other_host = wsgi("GET", "/", HTTP_HOST="elsewhere.example")
    finally:
        request_started.disconnect(dispatch_uid="count-requests")

    assert first[0] == second[0] == "200 OK"
    assert second[2] == first[2] and second[1] == first[1]
    assert "X-Content-Type-Options" in second[1]  # stored with the security headers already on
    assert with_cookie[0] == "200 OK"
    assert other_host[0].startswith("400")  # a host Django refuses is never answered from the cache
    # Django saw the first visit, the one with a cookie and the unknown host; the second visit never reached it.
    assert len(requests) == 3
