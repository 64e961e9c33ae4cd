"""Pete, an attacker, asks for the people list without a key, just after the partner CRM read it with one.
Answers to a key are never kept by the server's page cache nor marked for proxies to keep: he gets a 401."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_home
from tests.osdi.conftest import AEP, issue
from tests.petitions.conftest import confirmed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("header", ["HTTP_OSDI_API_TOKEN", "HTTP_AUTHORIZATION"])
def test_an_answer_to_a_key_is_never_served_to_the_next_visitor(wsgi, settings, petition, header):
    settings.CLARION_PAGE_CACHE_SECONDS = 30
    confirmed(petition, "miriam@example.org")
    key = issue().secret
    credential = key if header == "HTTP_OSDI_API_TOKEN" else f"Bearer {key}"
    for path in (f"{AEP}people/", f"{AEP}petitions/{petition.pk}/signatures/", AEP):
        status, headers, body = wsgi("GET", path, **{header: credential})
        assert status.startswith("200") and b"miriam@example.org" in body or path == AEP
        assert "no-store" in headers["Cache-Control"] and "public" not in headers["Cache-Control"]
        status, headers, body = wsgi("GET", path)
        assert status.startswith("401") and b"miriam" not in body
        assert "no-store" in headers["Cache-Control"]


def test_a_request_carrying_a_key_is_never_answered_from_the_page_cache(wsgi, settings):
    # A credential in either header: the answer may be the key-holder's own, so it is never a kept page.
    settings.CLARION_PAGE_CACHE_SECONDS = 30
    make_home("Tamsin Valley Appeal")
    assert wsgi("GET", "/en/")[0].startswith("200")
    for header in ("HTTP_AUTHORIZATION", "HTTP_OSDI_API_TOKEN"):
        with CaptureQueriesContext(connection) as queries:
            assert wsgi("GET", "/en/", **{header: "clarion_0123abcd_" + "S" * 43})[0].startswith("200")
        assert len(queries) > 0  # rendered, not served from the cache
    with CaptureQueriesContext(connection) as queries:
        wsgi("GET", "/en/")
    assert len(queries) == 0  # the keyless visitor is, as before
