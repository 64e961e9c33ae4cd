"""Confirming a signature makes (or finds) the supporter behind it, keeps their opt-in with its exact text,
and records who recruited them."""

import pytest

from clarion.petitions.models import Signature
from clarion.supporters.actions import record_supporter
from clarion.supporters.models import REFERRAL_ALPHABET, Consent, Supporter
from tests.petitions.conftest import confirmed, signed

pytestmark = pytest.mark.django_db


def test_confirming_creates_one_supporter_per_person_with_the_opt_in_text(petition):
    first = confirmed(petition, "Miriam.Rezaei@gmail.com", opt_in=True)
    supporter = first.supporter

    assert (supporter.email, supporter.canonical_email, supporter.name) == (
        "Miriam.Rezaei@gmail.com", "miriamrezaei@gmail.com", "Miriam Rezaei")
    assert supporter.subscribed and supporter.source == f"petition:{petition.pk}"
    [consent] = Consent.objects.filter(supporter=supporter)
    assert (consent.action, consent.channel, consent.notice.text) == ("opt_in", "petition", petition.consent_text)
    assert len(supporter.referral_code) == 10 and set(supporter.referral_code) <= set(REFERRAL_ALPHABET)
    # The same person through another spelling of the address is the same supporter.
    assert record_supporter("miriam.rezaei+news@googlemail.com") == supporter
    assert Supporter.objects.count() == 1


def test_a_signer_without_opt_in_is_a_supporter_who_is_not_mailable(petition):
    supporter = confirmed(petition, "kaveh@example.org").supporter

    assert not supporter.subscribed
    assert not Supporter.objects.mailable().exists()
    assert not Consent.objects.exists()


def test_an_unconfirmed_signature_makes_no_supporter(petition):
    signed(petition, "kaveh@example.org", opt_in=True)

    assert not Supporter.objects.exists()


def test_a_referral_code_names_the_recruiter_and_nobody_recruits_themselves(petition):
    recruiter = confirmed(petition, "miriam@example.org").supporter

    recruit = signed(petition, "kaveh@example.org", referral_code=recruiter.referral_code, channel="whatsapp",
                     first_touch={"utm_source": "newsletter"})
    own = signed(petition, "Miriam@example.org", name="Miriam R", referral_code=recruiter.referral_code)
    unknown = signed(petition, "leyla@example.org", referral_code="zzzzzzzzzz")

    assert (recruit.referrer, recruit.channel, recruit.first_touch) == (
        recruiter, "whatsapp", {"utm_source": "newsletter"})
    assert own is None and Signature.objects.filter(canonical_email="miriam@example.org").count() == 1  # a duplicate
    assert unknown.referrer is None
    assert list(recruiter.recruits.all()) == [recruit]
