"""When an appeal goes viral, visitors without cookies get pages from the server's cache; an editor's
publish shows at once, and nobody with a cookie or a login is ever answered from it.

The cache is read by the WSGI front alone (clarion.core.pagecache), so visitors here come through
clarion.wsgi (the `visitor` and `wsgi` fixtures), as they do through gunicorn.
"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_home

pytestmark = pytest.mark.django_db

TITLE = "Tamsin Valley Appeal"


@pytest.fixture
def home(settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 30
    return make_home(TITLE)


def test_the_second_anonymous_visitor_costs_no_database_query(visitor, home, django_assert_num_queries):
    first = visitor("/en/")
    assert first.status_code == 200 and f"<title>{TITLE}" in first.text

    with django_assert_num_queries(0):
        second = visitor("/en/")

    assert second.text == first.text
    assert second["Cache-Control"] == first["Cache-Control"]


def test_a_publish_shows_to_the_next_visitor(visitor, home):
    assert "Four thousand people need your voice." in visitor("/en/").text

    home.intro = "The decision is tomorrow."
    home.save_revision().publish()

    shown = visitor("/en/").text
    assert "The decision is tomorrow." in shown and "Four thousand people" not in shown


def test_visitors_with_cookies_and_editors_are_never_served_from_it(visitor, client, home, django_user_model):
    visitor("/en/")
    with CaptureQueriesContext(connection) as rendered:
        with_cookie = visitor("/en/", HTTP_COOKIE="csrftoken=" + "x" * 32)
    assert rendered.captured_queries  # rendered afresh, not taken from the cache
    assert f"<title>{TITLE}" in with_cookie.text

    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    response = client.get("/en/")
    assert "private" in response["Cache-Control"]
    client.logout()
    client.cookies.clear()
    assert "private" not in client.get("/en/")["Cache-Control"]


def test_a_link_shared_with_its_source_keeps_its_source_for_every_visitor(visitor, settings):
    from tests.petitions.conftest import make_petition

    settings.CLARION_PAGE_CACHE_SECONDS = 30
    path = make_petition().url
    plain = visitor(path).text
    shared = visitor(f"{path}?ref=abc&src=whatsapp").text

    # The signing form carries the source the link was shared with: the query string is part of the key.
    assert 'value="whatsapp"' in shared
    assert 'value="whatsapp"' not in plain and 'value="whatsapp"' not in visitor(path).text
    assert 'value="whatsapp"' in visitor(f"{path}?ref=abc&src=whatsapp").text
    assert 'value="telegram"' in visitor(f"{path}?ref=abc&src=telegram").text


def test_a_kept_page_is_the_page_a_fresh_render_gives(visitor, home, settings):
    visitor("/en/")
    kept = visitor("/en/").text

    settings.CLARION_PAGE_CACHE_SECONDS = 0
    assert kept == visitor("/en/").text and f"<title>{TITLE}" in kept


def test_a_page_that_varies_on_more_than_the_cookie_is_never_kept(visitor, home, monkeypatch):
    from django.utils.cache import patch_vary_headers

    from clarion.pages.models import HomePage

    serve = HomePage.serve

    def serve_by_language(self, request, *args, **kwargs):
        response = serve(self, request, *args, **kwargs)
        response.render()
        response.content += f"<!-- for {request.headers['Accept-Language']} -->".encode()
        patch_vary_headers(response, ["Accept-Language"])
        return response

    monkeypatch.setattr(HomePage, "serve", serve_by_language)
    assert "<!-- for de -->" in visitor("/en/", HTTP_ACCEPT_LANGUAGE="de").text
    # Kept, the German page would go to the Persian reader too.
    assert "<!-- for fa -->" in visitor("/en/", HTTP_ACCEPT_LANGUAGE="fa").text


def test_the_live_count_is_computed_at_most_once_a_second(visitor, settings, django_assert_num_queries):
    from clarion.petitions.lookup import forget_petitions
    from tests.petitions.conftest import make_petition

    settings.CLARION_PAGE_CACHE_SECONDS = 30
    petition = make_petition()
    path = f"/petitions/{petition.pk}/count.json"
    first = visitor(path)
    assert '"signature_count": 0' in first.text
    forget_petitions()  # the view would now read the petition again: only a kept answer costs no query

    with django_assert_num_queries(0):
        assert visitor(path).text == first.text
    assert first["Access-Control-Allow-Origin"] == "*"


def test_a_kept_page_goes_out_before_django_builds_a_request(home, wsgi, settings):
    from django.core.signals import request_started

    settings.ALLOWED_HOSTS = ["testserver"]
    requests = []
    request_started.connect(lambda **kwargs: requests.append(kwargs["environ"]), weak=False,
                            dispatch_uid="count-requests")
    try:
        first = wsgi("GET", "/en/")
        second = wsgi("GET", "/en/")
        with_cookie = wsgi("GET", "/en/", HTTP_COOKIE="sessionid=x")
        other_host = wsgi("GET", "/en/", HTTP_HOST="elsewhere.example")
    finally:
        request_started.disconnect(dispatch_uid="count-requests")

    assert first[0] == second[0] == "200 OK"
    assert second[2] == first[2] and second[1] == first[1]
    assert f"<title>{TITLE}".encode() in second[2]
    assert "X-Content-Type-Options" in second[1]  # stored with the security headers already on
    assert with_cookie[0] == "200 OK"
    assert other_host[0].startswith("400")  # a host Django refuses is never answered from the cache
    # Django saw the first visit, the one with a cookie and the unknown host; the second visit never reached it.
    assert len(requests) == 3


def test_django_test_client_requests_are_neither_answered_nor_kept(client, visitor, home):
    """Only the WSGI front reads the cache: a request that bypassed it (the test client) leaves nothing behind
    for the next visitor, who gets a fresh render."""
    client.get("/en/")
    with CaptureQueriesContext(connection) as rendered:
        assert f"<title>{TITLE}" in visitor("/en/").text
    assert rendered.captured_queries


def test_the_fronts_are_the_ones_the_setting_names_the_first_outermost(settings):
    from clarion.wsgi import with_fronts

    settings.CLARION_WSGI_FRONTS = ["tests.test_page_cache.outer_front", "tests.test_page_cache.inner_front"]

    def django(environ, start_response):
        environ["passed"].append("django")
        return [b"page"]

    environ = {"passed": []}
    assert with_fronts(django)(environ, None) == [b"page"]
    assert environ["passed"] == ["outer", "inner", "django"]


def _front(name):
    def wrap(application):
        def serve(environ, start_response):
            environ["passed"].append(name)
            return application(environ, start_response)

        return serve

    return wrap


outer_front, inner_front = _front("outer"), _front("inner")


def shown_count(html):
    return BeautifulSoup(html, "html.parser").select_one("[data-petition-count] [data-count]").get_text(strip=True)


def test_a_counting_round_shows_the_new_count_to_the_next_visitor(visitor, settings,
                                                                  django_capture_on_commit_callbacks):
    from clarion.petitions.counting import count_round
    from tests.petitions.conftest import confirmed, make_petition

    settings.CLARION_PAGE_CACHE_SECONDS = 30
    petition = make_petition()
    assert shown_count(visitor(petition.url).text) == "0"
    confirmed(petition, "miriam@example.org")
    assert shown_count(visitor(petition.url).text) == "0"  # the kept page: nothing counted yet

    with django_capture_on_commit_callbacks(execute=True):
        count_round()

    assert shown_count(visitor(petition.url).text) == "1"
