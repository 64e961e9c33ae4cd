"""Partner Aid carries the petition on its own site: Miriam signs there, confirms from her mail, and counts,
with Partner Aid recorded as where she signed. A page anywhere else cannot sign."""

import pytest

from clarion.petitions.counting import count_round, read_counts
from clarion.petitions.models import PetitionPage, PetitionPartner, Signature, SignatureState
from tests.embed.conftest import OPT_IN, PARTNER, body, sign_from
from tests.factories import publish
from tests.petitions.conftest import confirm_link, deliver_outbox, link_path

pytestmark = pytest.mark.django_db


def test_miriam_signs_on_the_partner_site_confirms_by_mail_and_counts(client, petition, partner, smtp_server):
    response = sign_from(client, petition)

    assert response.status_code == 202
    assert response["Access-Control-Allow-Origin"] == PARTNER
    assert "Origin" in response["Vary"]
    deliver_outbox()
    [mail] = smtp_server.to("miriam@example.org")
    assert client.get(link_path(confirm_link(mail))).status_code == 302
    count_round()
    assert read_counts(petition.pk)["total"] == 1
    signature = Signature.objects.get()
    assert (signature.partner, signature.state) == (partner, SignatureState.VALIDATED)


@pytest.mark.parametrize("origin", ["https://evil.example", "http://partner.example", "https://partner.example:8443",
                                    "null", "https://partner.example.evil.example"])
def test_a_page_on_another_origin_is_refused_with_a_reason(client, petition, partner, origin):
    response = sign_from(client, petition, origin=origin)

    assert response.status_code == 403
    assert "partner sites" in response.json()["detail"]
    assert not response.has_header("Access-Control-Allow-Origin")
    assert not Signature.objects.exists()


def test_a_post_without_an_origin_is_refused(client, petition, partner):
    response = sign_from(client, petition, origin=None)

    assert response.status_code == 403
    assert "Origin" in response.json()["detail"]
    assert not Signature.objects.exists()


def test_the_preflight_answers_the_partner_and_refuses_others(client, petition, partner):
    url = f"/embed/petitions/{petition.pk}/sign/"
    preflight = {"HTTP_ACCESS_CONTROL_REQUEST_METHOD": "POST", "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "content-type"}

    allowed = client.options(url, HTTP_ORIGIN=PARTNER, **preflight)
    refused = client.options(url, HTTP_ORIGIN="https://evil.example", **preflight)

    assert allowed.status_code == 204
    assert allowed["Access-Control-Allow-Origin"] == PARTNER
    assert "POST" in allowed["Access-Control-Allow-Methods"]
    assert allowed["Access-Control-Allow-Headers"].lower() == "content-type"
    assert refused.status_code == 403
    assert not refused.has_header("Access-Control-Allow-Origin")


def test_another_petitions_partner_cannot_sign_this_one(client, petition, partner):
    other = publish(petition.get_parent(), PetitionPage(title="Another appeal", slug="another", target_name="Oren Vale",
                                                        demand="Stop it."))
    PetitionPartner.objects.create(petition=other, name="Elsewhere", origin="https://elsewhere.example")

    assert sign_from(client, petition, origin="https://elsewhere.example").status_code == 403


def test_the_partners_opt_in_is_stored_with_its_wording_and_the_organisations_stays_separate(
        client, petition, partner):
    sign_from(client, petition, data=body(partner_opt_in=True))

    signature = Signature.objects.get()
    assert (signature.partner_opt_in, signature.partner_consent_text) == (True, OPT_IN)
    assert (signature.opt_in, signature.consent_text) == (False, "")


def test_an_opt_in_for_a_partner_without_wording_is_not_stored(client, petition, partner):
    partner.opt_in_text = ""
    partner.save()

    sign_from(client, petition, data=body(partner_opt_in=True))

    assert Signature.objects.values_list("partner_opt_in", "partner_consent_text").get() == (False, "")


def test_the_form_rules_apply_field_by_field(client, petition, partner):
    response = sign_from(client, petition, data=body(email="not an address", country="XX", name=""))

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == PARTNER  # so the widget can show the notes
    assert set(response.json()["errors"]) == {"email", "country", "name"}
    assert not Signature.objects.exists()


def test_the_honeypot_and_a_missing_fill_time_are_judged_as_on_the_page(client, petition, partner):
    sign_from(client, petition, data=body(website="http://spam.example"))
    sign_from(client, petition, data=body(email="robot@example.org", elapsed=None), ip="198.51.100.21")

    reasons = dict(Signature.objects.values_list("email", "fraud_reason"))
    assert reasons["miriam@example.org"] and reasons["robot@example.org"]


def test_signing_twice_answers_the_same_and_stores_one_signer(client, petition, partner):
    first = sign_from(client, petition)
    again = sign_from(client, petition)

    assert (first.status_code, again.status_code) == (202, 202)
    assert first.json() == again.json()


def test_a_closed_petition_refuses_partner_signatures(client, petition, partner):
    from django.utils import timezone

    petition.closes_at = timezone.now()
    petition.save()

    response = sign_from(client, petition)

    assert response.status_code == 403
    assert not Signature.objects.exists()


def test_the_frame_signs_for_the_partner_it_names_and_nobody_else(client, petition, partner):
    own = "http://127.0.0.1:8000"

    named = sign_from(client, petition, origin=own, data=body(partner=PARTNER))
    unnamed = sign_from(client, petition, origin=own, data=body(email="x@example.org"), ip="198.51.100.30")
    other = sign_from(client, petition, origin=own, data=body(email="y@example.org", partner="https://evil.example"),
                      ip="198.51.100.31")

    assert (named.status_code, unnamed.status_code, other.status_code) == (202, 403, 403)
    assert Signature.objects.get().partner == partner
