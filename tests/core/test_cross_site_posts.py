"""A stranger's page makes its visitors' browsers post our public forms: signing a petition, signing up for
news, inviting friends. The forms carry no CSRF token (their pages are cached for everyone), so what the
browser says about the post's origin decides, compared exactly (scheme, host, port) with CLARION_BASE_URL."""

import pytest

from clarion.mail.models import OutboxMessage
from clarion.petitions.models import Signature
from clarion.spread.models import Invitation
from tests.petitions.conftest import confirmed, form_data
from tests.spread.conftest import invite_url
from tests.supporters.conftest import NOTICE_FIELD

# Declared, so pytest-django runs these with the other database tests (the fixtures come by name below).
pytestmark = pytest.mark.django_db

BASE = "https://appeal.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.CLARION_BASE_URL = BASE
    settings.CLARION_EXTRA_ORIGINS = ["https://widget.example.net"]


def sign(client, fixture, headers):
    client.post(fixture("petition").get_sign_url(), form_data(), REMOTE_ADDR="198.51.100.20", headers=headers)
    return Signature.objects.filter(email="miriam@example.org").exists()


def sign_up(client, fixture, headers):
    page = fixture("signup_page")
    notice = NOTICE_FIELD.search(client.get(page.url).content.decode()).group(1)
    data = {"email": "leyla@example.org", "name": "Leyla", "website": "", "language": "en", "notice": notice}
    client.post("/supporters/signup/", data, REMOTE_ADDR="198.51.100.21", headers=headers)
    return OutboxMessage.objects.filter(to__contains="leyla@example.org").exists()


def invite(client, fixture, headers):
    signer = confirmed(fixture("petition"), "miriam@example.org")
    data = {"friend_name": ["Parisa"], "friend_email": ["parisa@example.net"], "note": ""}
    client.post(invite_url(signer), data, REMOTE_ADDR="198.51.100.22", headers=headers)
    return Invitation.objects.exists()


FORMS = [sign, sign_up, invite]

FOREIGN = {
    "another site": {"Origin": "https://evil.example"},
    "a sandboxed frame (Origin: null)": {"Origin": "null"},
    "another port of our host": {"Origin": "https://appeal.example.org:8443"},
    "plain http on our host": {"Origin": "http://appeal.example.org"},
    "a look-alike host": {"Origin": "https://appeal.example.org.evil.example"},
    "a sibling subdomain": {"Origin": "https://evil.example.org"},
    "no Origin, but the browser says cross-site": {"Sec-Fetch-Site": "cross-site"},
    "no Origin, but the browser says another subdomain": {"Sec-Fetch-Site": "same-site"},
    "a garbled Origin": {"Origin": "https://appeal.example.org:99999"},
}

OWN = {
    "our own page": {"Origin": BASE, "Sec-Fetch-Site": "same-origin"},
    "our own page, port spelled out": {"Origin": "https://appeal.example.org:443"},
    "our own page, host in capitals": {"Origin": "https://APPEAL.example.org"},
    "the configured widget origin": {"Origin": "https://widget.example.net", "Sec-Fetch-Site": "cross-site"},
    "an old browser or curl, no headers": {},
    "a person typing the address (Sec-Fetch-Site: none)": {"Sec-Fetch-Site": "none"},
}


@pytest.mark.parametrize("post", FORMS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("headers", FOREIGN.values(), ids=FOREIGN.keys())
def test_a_strangers_page_cannot_make_a_visitors_browser_post_our_forms(client, request, post, headers):
    assert not post(client, request.getfixturevalue, headers)


@pytest.mark.parametrize("post", FORMS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("headers", OWN.values(), ids=OWN.keys())
def test_our_own_pages_and_plain_clients_still_post_them(client, request, post, headers):
    assert post(client, request.getfixturevalue, headers)


def test_a_refused_signing_post_says_why(client, petition):  # noqa: F811
    response = client.post(petition.get_sign_url(), form_data(), headers={"Origin": "null"})

    assert response.status_code == 403
    assert "Please sign on this site" in response.content.decode()
