"""Posts that are not UTF-8 are refused, never stored as garbled text: a script or an old tool that sends a
form in Latin-1 (saying so or not) gets a clear 400, and nothing of what it sent is kept. The sign-up and
invitation forms use the same check."""

from urllib.parse import quote_from_bytes, urlencode

import pytest

from clarion.mail.models import OutboxMessage
from clarion.petitions.models import Signature
from clarion.spread.models import Invitation
from tests.petitions.conftest import HUMAN_ELAPSED_MS, confirmed
from tests.spread.conftest import invite_url
from tests.supporters.conftest import NOTICE_FIELD

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def latin1_signature():
    """The signing form with the name "Zoë Müller" in Latin-1 bytes (%EB, %FC): not UTF-8."""
    name = quote_from_bytes("Zoë Müller".encode("latin-1"))
    return (f"name={name}&email=zoe%40example.org&country=DE&website=&elapsed={HUMAN_ELAPSED_MS}").encode()


@pytest.mark.parametrize("content_type", [FORM, f"{FORM}; charset=latin-1", f"{FORM}; charset=utf-8"])
def test_a_signature_in_latin1_bytes_is_refused_and_nothing_is_stored(client, petition, content_type):
    response = client.post(petition.get_sign_url(), latin1_signature(), content_type=content_type)

    assert response.status_code == 400
    assert "character encoding other than UTF-8" in response.content.decode()
    assert not Signature.objects.exists() and not OutboxMessage.objects.exists()


def test_a_form_that_says_it_is_latin1_is_refused_even_when_its_bytes_are_plain_ascii(client, petition):
    body = f"name=Zoe&email=zoe%40example.org&country=DE&website=&elapsed={HUMAN_ELAPSED_MS}".encode()

    response = client.post(petition.get_sign_url(), body, content_type=f"{FORM}; charset=ISO-8859-1")

    assert response.status_code == 400
    assert "character encoding other than UTF-8" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_multipart_form_with_bytes_that_are_not_utf8_is_refused(client, petition):
    boundary = "x0x0x0"
    parts = [("name", "Zoë".encode("latin-1")), ("email", b"zoe@example.org"), ("country", b"DE"),
             ("elapsed", HUMAN_ELAPSED_MS.encode())]
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode() + value
                    + b"\r\n" for key, value in parts) + f"--{boundary}--\r\n".encode()

    response = client.post(petition.get_sign_url(), body, content_type=f"multipart/form-data; boundary={boundary}")

    assert response.status_code == 400
    assert "character encoding other than UTF-8" in response.content.decode()
    assert not Signature.objects.exists()


def test_the_same_name_in_utf8_is_taken_exactly(client, petition):
    body = urlencode({"name": "Zoë Müller", "email": "zoe@example.org", "country": "DE", "website": "",
                      "elapsed": HUMAN_ELAPSED_MS}).encode()

    response = client.post(petition.get_sign_url(), body, content_type=f"{FORM}; charset=UTF-8")

    assert response.status_code == 302
    assert Signature.objects.get().name == "Zoë Müller"


def test_a_newsletter_sign_up_in_latin1_is_refused_and_no_mail_goes_out(client, signup_page):  # noqa: F811
    notice = NOTICE_FIELD.search(client.get(signup_page.url).content.decode()).group(1)
    name = quote_from_bytes("Zoë".encode("latin-1"))
    body = f"email=zoe%40example.org&name={name}&website=&language=en&notice={notice}".encode()

    response = client.post("/supporters/signup/", body, content_type=f"{FORM}; charset=latin-1")

    assert response.status_code == 400
    assert "character encoding other than UTF-8" in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_an_invitation_in_latin1_is_refused_and_nobody_is_invited(client, petition):
    signer = confirmed(petition, "miriam@example.org")
    name = quote_from_bytes("Zoë".encode("latin-1"))
    body = f"friend_name={name}&friend_email=zoe%40example.net&note=".encode()

    response = client.post(invite_url(signer), body, content_type=FORM)

    assert response.status_code == 400
    assert "character encoding other than UTF-8" in response.content.decode()
    assert not Invitation.objects.exists()
