"""The API's documentation page and document are served from this site, under its strict policy."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_docs_load_nothing_from_elsewhere_and_run_no_inline_script(client):
    from bs4 import BeautifulSoup

    response = client.get("/api/v1/docs/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "unsafe-inline" not in policy
    assert "img-src 'self' data:" in policy
    soup = BeautifulSoup(response.content, "html.parser")
    assert not soup.find("style")
    assert all(script.get("src") and script["src"].startswith("/") for script in soup.find_all("script"))
    assert all(link["href"].startswith("/") for link in soup.find_all("link"))

    init = client.get(soup.find_all("script")[-1]["src"])
    assert init["Content-Type"] == "application/javascript" and "/api/v1/openapi.json" in init.content.decode()


def test_only_the_docs_page_allows_data_images(client):
    assert "data:" not in client.get("/api/v1/petitions/")["Content-Security-Policy"]
    assert "data:" not in client.get("/en/")["Content-Security-Policy"]


def test_the_document_is_openapi_3_1_of_the_public_api_only(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert all(path.startswith("/api/v1/") for path in document["paths"])
    assert {"/api/v1/petitions/", "/api/v1/petitions/{id}/", "/api/v1/petitions/{id}/count/", "/api/v1/appeals/",
            "/api/v1/news/"} <= set(document["paths"])
