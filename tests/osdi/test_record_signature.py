"""A partner's tool records signatures through OSDI's record signature helper: the same rules as the form
(confirmation by e-mail, dedupe, fraud checks, consent records), unless its key is trusted to vouch."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from clarion.mail.models import OutboxMessage
from clarion.petitions import actions
from clarion.petitions.counting import count_round, read_counts
from clarion.petitions.models import AccessRule, PetitionState, Signature, SignatureState
from clarion.supporters.models import Consent
from clarion.transparency.models import LogEntry, Receipt
from tests.osdi.conftest import Tool, issue, osdi_body, signatures_url
from tests.petitions.conftest import change_settings, confirm_link, deliver_outbox, link_path

pytestmark = pytest.mark.django_db


def test_a_recorded_signature_is_confirmed_by_email_and_then_counts(client, tool, petition, smtp_server):
    response = tool.record(petition, "Miriam@Example.org", opt_in=True, comments="For the families.")

    assert response.status_code == 202
    assert response["Content-Type"] == "application/hal+json"
    assert response.json()["status"] == "awaiting_confirmation"
    signature = Signature.objects.get()
    assert (signature.name, signature.email, signature.country.code, signature.channel) == (
        "Miriam Rezaei", "Miriam@Example.org", "DE", "api")
    assert signature.state == SignatureState.PENDING and signature.consent_text == petition.consent_text
    deliver_outbox()
    [mail] = smtp_server.to("Miriam@Example.org")
    assert client.get(link_path(confirm_link(mail))).status_code == 302
    count_round()
    assert read_counts(petition.pk)["total"] == 1
    signature.refresh_from_db()
    assert signature.state == SignatureState.VALIDATED and signature.counted
    consent = Consent.objects.get(supporter=signature.supporter)
    assert consent.notice.text == petition.consent_text and consent.channel == "petition"


def test_a_vouched_signature_counts_without_any_mail(vouching_tool, petition):
    response = vouching_tool.record(petition, opt_in=True)

    assert response.status_code == 202 and response.json()["status"] == "recorded"
    signature = Signature.objects.get()
    assert signature.confirmed_at and signature.state == SignatureState.VALIDATED and signature.channel == "api"
    assert not OutboxMessage.objects.exists()
    assert Receipt.objects.filter(signature=signature).exists()  # as confirming by the link gives
    assert Consent.objects.get(supporter=signature.supporter).notice.text == petition.consent_text
    assert not signature.counted  # counted by the counting round, like every other
    count_round()
    assert read_counts(petition.pk)["total"] == 1
    assert LogEntry.objects.filter(petition_id=petition.pk).count() == 1  # its leaf in the transparency log


def test_the_same_address_recorded_twice_counts_once(vouching_tool, tool, petition):
    assert vouching_tool.record(petition, "miriam@example.org").status_code == 202
    assert vouching_tool.record(petition, "Miriam@Example.org").status_code == 202
    assert not OutboxMessage.objects.exists()  # a tool syncing its signers again mails nobody
    assert tool.record(petition, "miriam@example.org").status_code == 202
    # Recorded by a key that does not vouch, as if she signed the form again: told she had signed already.
    assert list(OutboxMessage.objects.values_list("template", flat=True)) == ["petitions/already_signed"]
    count_round()
    assert read_counts(petition.pk)["total"] == 1
    assert Signature.objects.filter(confirmed_at__isnull=False).count() == 1


def test_a_signer_recorded_by_a_plain_key_is_not_confirmed_by_a_vouching_one_twice(tool, vouching_tool, petition):
    tool.record(petition, "miriam@example.org")
    vouching_tool.record(petition, "miriam@example.org")
    count_round()
    assert read_counts(petition.pk)["total"] == 1
    assert not Signature.objects.filter(confirmed_at__isnull=True).exists()  # the pending entry was dropped


def test_blocked_addresses_are_marked_fraudulent_even_when_vouched(vouching_tool, petition):
    AccessRule.objects.create(kind="domain", action="block", value="flood.example")
    vouching_tool.record(petition, "bot1@flood.example")
    count_round()
    assert Signature.objects.get().state == SignatureState.FRAUDULENT
    assert read_counts(petition.pk)["total"] == 0


def test_the_rate_limits_per_address_apply_to_the_tools_address(client, petition):
    change_settings(burst_limit=2, sustained_limit=100)
    tool = Tool(client, issue(vouches=True).secret, ip="203.0.113.50")
    for number in range(3):
        assert tool.record(petition, f"signer{number}@example.org").status_code == 202
    states = list(Signature.objects.order_by("pk").values_list("fraud_reason", "state"))
    assert states[-1] == ("rate-burst", SignatureState.HELD)
    # An administrator who trusts the tool allows its address, as for any other busy network.
    AccessRule.objects.create(kind="network", action="allow", value="203.0.113.50")
    tool.record(petition, "signer9@example.org")
    assert Signature.objects.order_by("pk").last().state == SignatureState.VALIDATED


def test_an_address_the_form_refuses_is_refused_the_same_way(tool, petition):
    response = tool.record(petition, "miriam@gmial.com")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "person.email_addresses.address" and "gmail.com" in error["message"]
    assert tool.record(petition, "miriam@gmial.com", keep_email=True).status_code == 202


def test_a_closed_petition_takes_no_signature(tool, vouching_tool, petition):
    petition.state = PetitionState.CLOSED
    petition.save_revision().publish()
    for caller in (tool, vouching_tool):
        response = caller.record(petition)
        assert response.status_code == 409 and response["Content-Type"] == "application/problem+json"
    petition.state = PetitionState.OPEN
    petition.closes_at = timezone.now() - timedelta(minutes=1)
    petition.save_revision().publish()
    assert tool.record(petition).status_code == 409
    assert not Signature.objects.exists()


def test_an_unknown_petition_is_a_404_problem(tool, petition):
    response = tool.post(f"/api/v1/osdi/v1/petitions/{petition.pk + 999}/signatures/", osdi_body())
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


HOSTILE_BODIES = [
    "{not json", "", "null", "[]", '"a string"', "1e999999", "[" * 5000 + "]" * 5000,
    json.dumps({"person": "Miriam"}),
    json.dumps({"person": {"given_name": "Miriam", "email_addresses": "miriam@example.org"}}),
    json.dumps({"person": {"given_name": ["Miriam"], "email_addresses": [{"address": "m@example.org"}]}}),
    json.dumps({"person": {"given_name": "M", "email_addresses": [{"address": 5}]}}),
    json.dumps({"person": {"given_name": "M", "email_addresses": [["x"]]}}),
    json.dumps(osdi_body() | {"opt-in": True}),
    json.dumps(osdi_body() | {"opt_in": "yes"}),
    json.dumps(osdi_body() | {"person": osdi_body()["person"] | {"password": "x"}}),
    json.dumps(osdi_body("a@b")),
    json.dumps(osdi_body("miriam@example.org\r\nBcc: all@example.org")),
    json.dumps(osdi_body() | {"person": osdi_body()["person"] | {"given_name": "", "family_name": ""}}),
    json.dumps(osdi_body() | {"person": osdi_body()["person"] | {"postal_addresses": [{"country": "XX"}]}}),
    json.dumps(osdi_body() | {"person": osdi_body()["person"] | {"given_name": "x" * 500}}),
    json.dumps(osdi_body() | {"comments": "x" * 5000}),
    json.dumps(osdi_body() | {"person": osdi_body()["person"] | {"given_name": "Mir\x00iam"}}),
]


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_a_hostile_body_gets_a_4xx_problem_and_stores_nothing(tool, petition, body):
    response = tool.post(signatures_url(petition), body)
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert not Signature.objects.exists()


def test_wrong_content_types_and_oversized_bodies_are_refused(tool, petition):
    body = json.dumps(osdi_body())
    assert tool.post(signatures_url(petition), body, content_type="text/plain").status_code == 415
    assert tool.post(signatures_url(petition), "name=Miriam", "application/x-www-form-urlencoded").status_code == 415
    assert tool.post(signatures_url(petition), body, content_type="application/hal+json").status_code == 202
    huge = json.dumps(osdi_body() | {"comments": "x" * 40_000})
    response = tool.post(signatures_url(petition), huge)
    assert response.status_code == 413 and response["Content-Type"] == "application/problem+json"
    assert Signature.objects.count() == 1


def test_sign_vouched_answers_with_the_confirmed_signature_or_nothing_when_signed_already(petition):
    first = actions.sign_vouched(petition, name="Miriam Rezaei", email="miriam@example.org", country="DE")
    assert first.created and first.signature.confirmed_at and first.signature.state == SignatureState.VALIDATED
    again = actions.sign_vouched(petition, name="Miriam Rezaei", email="miriam@example.org", country="DE")
    assert (again.signature, again.created) == (None, False)
