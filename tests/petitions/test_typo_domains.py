"""Miriam types gmial.com: the form asks "did you mean gmail.com?" instead of flagging her quietly. She takes the
suggestion and signs; someone whose address really is at an odd domain ticks the box and signs too."""

from html import unescape

import pytest

from clarion.mail.models import OutboxMessage
from clarion.petitions import actions, tokens
from clarion.petitions.models import Signature, SignatureState
from clarion.petitions.typos import distance, suggest_address, suggest_domain
from tests.petitions.conftest import sign

pytestmark = pytest.mark.django_db


def test_a_mistyped_provider_is_met_with_a_suggestion_and_nothing_is_stored(client, petition):
    answer = sign(client, petition, email="miriam@gmial.com")

    html = unescape(answer.content.decode())
    assert answer.status_code == 400
    assert "Did you mean miriam@gmail.com?" in html
    assert 'name="keep_email"' in html and "Yes, miriam@gmial.com is my address" in html
    assert 'value="miriam@gmial.com"' in html  # what she typed stays in the field
    assert not Signature.objects.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("sent, carried", [("4200", "4200"), ("", ""), ("-5", ""), ("4e9", ""),
                                           ('"><script>', ""), ("9" * 12, "")])
def test_a_form_sent_back_carries_the_time_already_spent_on_it(client, petition, sent, carried):
    """The script adds it to the time spent on the corrected form: ticking one box is not a machine's speed."""
    answer = sign(client, petition, email="miriam@gmial.com", elapsed=sent)
    assert answer.status_code == 400
    assert f'data-elapsed-before="{carried}"' in answer.content.decode()


def test_taking_the_suggestion_signs_as_ever(client, petition):
    sign(client, petition, email="miriam@gmial.com")

    answer = sign(client, petition, email="miriam@gmail.com")

    assert answer.status_code == 302
    assert Signature.objects.values_list("email", "state", "fraud_reason").get() == (
        "miriam@gmail.com", SignatureState.PENDING, "")


def test_insisting_on_an_unusual_domain_signs_and_counts_once_confirmed(client, petition):
    answer = sign(client, petition, email="miriam@yaho.com", keep_email="on")

    assert answer.status_code == 302
    signature = Signature.objects.get()
    assert (signature.email, signature.fraud_reason) == ("miriam@yaho.com", "")
    assert OutboxMessage.objects.filter(to="miriam@yaho.com").exists()
    actions.confirm_signature(tokens.confirmation_token(signature))
    assert Signature.objects.get().state == SignatureState.VALIDATED


def test_insisting_on_a_typo_domain_that_is_also_a_throw_away_one_is_held_for_review_not_lost(client, petition):
    assert sign(client, petition, email="miriam@gmial.com", keep_email="on").status_code == 302

    signature = Signature.objects.get()
    actions.confirm_signature(tokens.confirmation_token(signature))

    assert Signature.objects.values_list("state", "fraud_reason").get() == (SignatureState.HELD, "disposable")


def test_the_form_carries_the_list_its_script_suggests_from(client, petition):
    html = unescape(client.get(petition.url).content.decode())

    assert 'data-suggest-domains="gmail.com yahoo.com' in html
    assert 'data-suggest-text="Did you mean %(address)s?"' in html
    assert "/static/clarion/js/email-suggest.js" in html


@pytest.mark.parametrize(("domain", "suggestion"), [
    ("gmial.com", "gmail.com"), ("hotmial.com", "hotmail.com"), ("yaho.com", "yahoo.com"),
    ("gmail.co", "gmail.com"), ("gmaill.con", "gmail.com"), ("outlok.com", "outlook.com"),
    ("GMIAL.com", "gmail.com"),
    ("gmail.com", ""), ("example.org", ""), ("uni.example", ""), ("amnesty.org", ""),
    ("yahoo.ca", ""), ("hotmail.es", ""),  # the same provider in another country is a real address
    ("mail.com", ""), ("ymail.com", ""),  # real providers one letter from gmail.com
    ("gxxxx.com", ""),  # three edits from anything: no guess
])
def test_suggestions_are_within_two_edits_of_a_common_provider(domain, suggestion):
    assert suggest_domain(domain) == suggestion


def test_the_edit_distance_counts_a_swap_of_neighbours_as_one():
    assert (distance("gmial.com", "gmail.com"), distance("gmal.com", "gmail.com"),
            distance("gmaill.con", "gmail.com"), distance("", "abc")) == (1, 1, 2, 3)
    assert suggest_address("Miriam.Rezaei@gmial.com") == "Miriam.Rezaei@gmail.com"
    assert suggest_address("no-at-sign") == ""
