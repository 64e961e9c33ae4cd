"""Pete probes the partner signing endpoint: whatever he sends, he gets a 4xx saying why, never a 500, and
nothing is stored."""

import pytest
from django.test import override_settings

from clarion.petitions.models import Signature
from clarion.supporters.actions import erase_supporter
from clarion.supporters.models import Supporter
from tests.embed.conftest import PARTNER, body, sign_from
from tests.petitions.conftest import confirmed

pytestmark = pytest.mark.django_db

URL = "/embed/petitions/{}/sign/"


def post_raw(client, petition, payload, content_type="application/json", **headers):
    return client.post(URL.format(petition.pk), payload, content_type=content_type, HTTP_ORIGIN=PARTNER,
                       REMOTE_ADDR="198.51.100.40", **headers)


@pytest.mark.parametrize(("payload", "status"), [
    ("{not json", 400), (b"\xff\xfe{}", 400), ("[1, 2]", 400), ('"text"', 400), ("null", 400),
    ('{"name": ' * 5000 + "1" + "}" * 5000, 400), ('{"name": {"first": "M"}}', 400),
    ('{"email": ["a@example.org", "b@example.org"]}', 400), ('{"opt_in": "yes"}', 400),
    ('{"is_staff": true}', 400), ('{"name": "a\\u0000b"}', 400), ('{"comment": "' + "x" * 2000 + '"}', 400),
    ("{}", 400), ('{"email": "a@example.org\\r\\nBcc: b@example.org"}', 400),
])
def test_malformed_bodies_get_a_4xx_problem_and_store_nothing(client, petition, partner, payload, status):
    response = post_raw(client, petition, payload)

    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"]
    assert not Signature.objects.exists()


def test_a_form_post_is_refused_as_the_wrong_content_type(client, petition, partner):
    response = client.post(URL.format(petition.pk), body(), HTTP_ORIGIN=PARTNER)

    assert response.status_code == 415
    assert not Signature.objects.exists()


@override_settings(CLARION_MAX_SIGN_BYTES=2000)
def test_an_oversized_body_is_refused_before_it_is_read(client, petition, partner):
    response = sign_from(client, petition, data=body(comment="x" * 900, name="y" * 900, postal_code="z" * 900))

    assert response.status_code == 413


def test_unknown_fields_are_named(client, petition, partner):
    response = sign_from(client, petition, data=body(state="validated", partner_id=7))

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"state", "partner_id"}


def test_other_methods_are_refused(client, petition, partner):
    response = client.get(URL.format(petition.pk), HTTP_ORIGIN=PARTNER)

    assert response.status_code == 405
    assert "POST" in response["Allow"]


def test_an_unknown_or_out_of_range_petition_is_a_4xx(client, partner):
    assert client.post("/embed/petitions/999999/sign/", "{}", content_type="application/json",
                       HTTP_ORIGIN=PARTNER).status_code == 404
    assert client.post("/embed/petitions/99999999999999999999999/sign/", "{}", content_type="application/json",
                       HTTP_ORIGIN=PARTNER).status_code == 404


@override_settings(CLARION_SIGN_REFUSALS_PER_ADDRESS=3)
def test_an_address_whose_posts_keep_being_refused_is_held_off_as_on_the_form(client, petition, partner):
    for _ in range(3):
        assert post_raw(client, petition, "[]").status_code == 400

    response = sign_from(client, petition, ip="198.51.100.40")

    assert (response.status_code, response["Retry-After"]) == (429, "60")
    assert not Signature.objects.exists()


def test_erasing_the_signer_clears_the_partner_opt_in_but_keeps_the_attribution(client, petition, partner):
    signature = confirmed(petition, "miriam@example.org", partner=partner, partner_opt_in=True)
    assert signature.partner_consent_text

    erase_supporter(Supporter.objects.get(), how="admin")

    signature.refresh_from_db()
    assert (signature.partner_opt_in, signature.partner_consent_text, signature.name) == (False, "", "")
    assert signature.partner == partner  # the count by partner stays right


def test_the_signers_export_names_the_partner_and_the_wording(petition, partner):
    from clarion.petitions.privacy import export

    confirmed(petition, "miriam@example.org", partner=partner, partner_opt_in=True)

    [row] = export(Supporter.objects.get())
    assert (row["partner"], row["partner_opt_in"], row["partner_consent_text"]) == (
        "Partner Aid", True, partner.opt_in_text)
