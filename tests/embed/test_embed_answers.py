"""What the embed serves: a small script, a public document in the host page's language, a frame only the
partners may show, and never a cookie."""

import gzip
import json

import pytest
from django.utils import translation

from clarion.embed import document
from clarion.embed.views import script_source
from clarion.petitions import counting
from tests.embed.conftest import OPT_IN, PARTNER, sign_from
from tests.petitions.conftest import confirmed

pytestmark = pytest.mark.django_db

MAX_SCRIPT_GZIPPED = 20 * 1024


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    directive = next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors"))
    return directive.split()[1:]


def test_the_script_weighs_at_most_20_kb_gzipped(client):
    response = client.get("/embed/petition.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert len(gzip.compress(response.content, 9)) <= MAX_SCRIPT_GZIPPED
    assert response.content == script_source()


def test_the_script_loads_nothing_from_another_site():
    source = script_source().decode()
    # Every address it fetches is built from its own src; it writes no cookie and reads no storage.
    assert "http://" not in source and "https://" not in source.split("*/", 1)[1]
    assert "document.cookie" not in source and "localStorage" not in source


def test_the_frame_may_be_shown_only_by_the_partner_sites(client, petition, partner):
    from clarion.petitions.models import PetitionPartner

    PetitionPartner.objects.create(petition=petition, name="Second", origin="http://127.0.0.1:9001")

    response = client.get(f"/embed/petitions/{petition.pk}/?partner={PARTNER}")

    assert response.status_code == 200
    assert sorted(frame_ancestors(response)) == sorted([PARTNER, "http://127.0.0.1:9001"])
    assert not response.has_header("X-Frame-Options")
    assert f'data-partner="{PARTNER}"' in response.content.decode()
    # The rest of the site keeps its own policy.
    assert frame_ancestors(client.get(petition.url)) == ["'self'"]


def test_a_petition_without_partners_cannot_be_framed_anywhere(client, petition):
    assert frame_ancestors(client.get(f"/embed/petitions/{petition.pk}/")) == ["'none'"]


def test_no_embed_answer_sets_a_cookie(client, petition, partner):
    url = f"/embed/petitions/{petition.pk}"
    responses = [
        client.get("/embed/petition.js"), client.get(f"{url}.json?partner={PARTNER}&lang=fa"),
        client.get(f"{url}/?partner={PARTNER}"),
        client.options(f"{url}/sign/", HTTP_ORIGIN=PARTNER, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"),
        sign_from(client, petition), sign_from(client, petition, origin="https://evil.example"),
        sign_from(client, petition, data={"name": 3}),
    ]

    assert [r.status_code for r in responses] == [200, 200, 200, 204, 202, 403, 400]
    for response in responses:
        assert not response.cookies
        assert not response.has_header("Set-Cookie")


def test_the_document_carries_the_form_the_partners_wording_and_the_count(client, petition, partner):
    document = client.get(f"/embed/petitions/{petition.pk}.json?partner={PARTNER}").json()

    names = [field["name"] for field in document["fields"]]
    assert names[:3] == ["name", "email", "country"] and "website" not in names
    assert document["fields"][-1] == {"name": "partner_opt_in", "type": "checkbox", "label": OPT_IN, "required": False,
                                      "privacy_url": "https://partner.example/privacy"}
    consent = next(field for field in document["fields"] if field["name"] == "opt_in")
    assert consent["label"] == petition.consent_text
    assert document["partner"] == {"name": "Partner Aid", "origin": PARTNER}
    assert document["count"] == {"total": 0, "shown": False, "goal": 1000}
    assert document["sign_url"].endswith(f"/embed/petitions/{petition.pk}/sign/")


def test_the_document_is_public_but_names_no_partner_for_another_site(client, petition, partner):
    response = client.get(f"/embed/petitions/{petition.pk}.json?partner=https://evil.example")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["partner"] is None
    assert "partner_opt_in" not in [field["name"] for field in response.json()["fields"]]


def test_the_document_follows_the_host_pages_language(client, petition):
    persian = client.get(f"/embed/petitions/{petition.pk}.json?lang=fa-IR").json()
    unknown = client.get(f"/embed/petitions/{petition.pk}.json?lang=xx").json()

    assert (persian["language"], persian["direction"]) == ("fa", "rtl")
    assert (unknown["language"], unknown["direction"]) == ("en", "ltr")
    # The widget writes the count as the petition page does: Persian digits unless the site chose Latin ones.
    assert (persian["number_locale"], unknown["number_locale"]) == ("fa-IR", "en")


def test_an_unknown_petition_is_a_json_404(client):
    response = client.get("/embed/petitions/999999.json")

    assert response.status_code == 404
    assert json.loads(response.content)["status"] == 404


@pytest.mark.parametrize(("language", "count", "words"), [
    ("en", 1, "%(count)s signature"), ("en", 2, "%(count)s signatures"),
    ("ar", 1, "توقيع واحد"), ("ar", 2, "توقيعان"), ("ar", 3, "%(count)s توقيعات"), ("ar", 11, "%(count)s توقيعًا"),
    ("ar", 100, "%(count)s توقيع"), ("fa", 1, "%(count)s امضا"), ("fa", 5, "%(count)s امضا"),
])
def test_the_count_takes_its_plural_form_in_the_documents_language(language, count, words):
    with translation.override(language):
        assert document._texts(count)["signatures"] == words


def test_two_confirmed_signatures_read_as_the_arabic_dual(client, petition):
    for email in ("jane@example.org", "omid@example.org"):
        confirmed(petition, email)
    counting.count_round()

    arabic = client.get(f"/embed/petitions/{petition.pk}.json?lang=ar").json()

    assert arabic["count"]["total"] == 2
    assert arabic["texts"]["signatures"] == "توقيعان"
