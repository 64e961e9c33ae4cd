"""A stranger signs with Miriam's address before she does. Nothing they send decides anything for her: each
submission is its own pending entry with its own link, her click applies exactly what she sent, the
stranger's entries are dropped, and she counts once. The screen says the same in every case, and the
stranger cannot flood her inbox."""

import html
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from clarion.mail.models import OutboxMessage
from clarion.petitions.counting import count_round, read_counts
from clarion.petitions.models import Signature, SignatureState
from clarion.supporters.models import Consent, Supporter
from tests.petitions.conftest import CONFIRM_LINK, change_settings, deliver_outbox, form_data, link_path, sign

pytestmark = pytest.mark.django_db

MIRIAM = "miriam@example.org"
STRANGER_IP = "203.0.113.66"
STRANGERS_CHOICES = {"name": "Someone Else", "country": "IR", "show_name": "on", "opt_in": "on",
                     "comment": "Visit my shop"}


def links_mailed_to(address):
    """The confirmation links delivered to `address`, oldest first."""
    deliver_outbox()
    mails = OutboxMessage.objects.filter(to=address, template="petitions/confirm").order_by("pk")
    return [link_path(CONFIRM_LINK.search(mail.text_body).group(0)) for mail in mails]


def mails_to(address):
    deliver_outbox()
    return list(OutboxMessage.objects.filter(to=address).order_by("pk").values_list("template", flat=True))


def public_count(petition):
    count_round()
    cache.clear()
    return read_counts(petition.pk)


def test_a_stranger_pre_signing_with_the_honeypot_filled_does_not_stop_the_owner_counting(client, petition):
    sign(client, petition, ip=STRANGER_IP, email=MIRIAM, website="http://spam.example")
    sign(client, petition, email=MIRIAM)
    _strangers, miriams = links_mailed_to(MIRIAM)

    assert client.get(miriams).status_code == 302

    [signature] = Signature.objects.all()
    assert (signature.state, signature.fraud_reason) == (SignatureState.VALIDATED, "")
    assert public_count(petition)["total"] == 1


def test_a_stranger_pre_signing_with_other_choices_decides_none_of_the_owners(client, petition):
    change_settings(country_figures_minimum=1)
    sign(client, petition, ip=STRANGER_IP, email=MIRIAM, **STRANGERS_CHOICES)
    sign(client, petition, email=MIRIAM, name="Miriam Rezaei", country="DE")
    _strangers, miriams = links_mailed_to(MIRIAM)

    client.get(miriams)

    [signature] = Signature.objects.all()
    assert (signature.name, signature.country.code, signature.show_name, signature.opt_in, signature.consent_text,
            signature.comment) == ("Miriam Rezaei", "DE", False, False, "", "")
    supporter = Supporter.objects.get()
    assert (supporter.name, supporter.country.code, supporter.subscribed) == ("Miriam Rezaei", "DE", False)
    assert not Consent.objects.exists()  # no opt-in is recorded in her name
    assert public_count(petition)["by_country"] == {"DE": 1}
    page = client.get(petition.url).content.decode()
    assert "Someone" not in page and "Visit my shop" not in page


def test_the_strangers_link_clicked_after_the_owner_confirmed_changes_nothing(client, petition):
    sign(client, petition, ip=STRANGER_IP, email=MIRIAM, **STRANGERS_CHOICES)
    sign(client, petition, email=MIRIAM, name="Miriam Rezaei", country="DE")
    strangers, miriams = links_mailed_to(MIRIAM)
    client.get(miriams)

    response = client.get(strangers)

    assert response.status_code == 410
    assert "This link was replaced" in response.content.decode()
    [signature] = Signature.objects.all()
    assert (signature.name, signature.country.code, signature.opt_in) == ("Miriam Rezaei", "DE", False)
    assert not Consent.objects.exists()
    assert public_count(petition)["total"] == 1


def test_the_owner_who_signs_again_to_correct_herself_gets_what_she_confirms(client, petition):
    sign(client, petition, email=MIRIAM, country="IR")
    sign(client, petition, email=MIRIAM, country="DE", opt_in="on")
    first, corrected = links_mailed_to(MIRIAM)

    client.get(corrected)

    assert client.get(first).status_code == 410
    [signature] = Signature.objects.all()
    assert (signature.country.code, signature.opt_in) == ("DE", True)
    assert Supporter.objects.get().subscribed
    assert public_count(petition)["total"] == 1


def test_once_the_owner_confirmed_a_strangers_submission_gets_her_an_already_signed_notice_and_changes_nothing(
        client, petition):
    sign(client, petition, email=MIRIAM, name="Miriam Rezaei", country="DE")
    client.get(links_mailed_to(MIRIAM)[0])

    sign(client, petition, ip=STRANGER_IP, email=MIRIAM, **STRANGERS_CHOICES)

    assert mails_to(MIRIAM)[-1] == "petitions/already_signed"
    [signature] = Signature.objects.all()
    assert (signature.name, signature.country.code, signature.show_name) == ("Miriam Rezaei", "DE", False)


def test_a_stranger_cannot_flood_an_inbox_by_signing_again_and_again(client, petition):
    change_settings(address_mail_limit=3, address_mail_hours=6)
    for n in range(12):
        sign(client, petition, ip=f"203.0.113.{n}", email=MIRIAM, **STRANGERS_CHOICES)

    assert len(mails_to(MIRIAM)) == 3
    assert Signature.objects.count() == 3

    # Once she has confirmed, "already signed" notices are limited the same way.
    client.get(links_mailed_to(MIRIAM)[0])
    for n in range(12):
        sign(client, petition, ip=f"203.0.113.{n}", email=MIRIAM)
    assert mails_to(MIRIAM).count("petitions/already_signed") == 3


def test_the_price_of_the_limit_a_stranger_who_used_it_up_delays_the_owner_until_the_window_passes(client,
                                                                                                   petition):
    change_settings(address_mail_limit=3, address_mail_hours=6)
    now = timezone.now()
    with freeze_time(now):
        for _ in range(3):
            sign(client, petition, ip=STRANGER_IP, email=MIRIAM, **STRANGERS_CHOICES)
        sign(client, petition, email=MIRIAM, country="DE")
        assert len(links_mailed_to(MIRIAM)) == 3  # her own submission sent nothing yet

    with freeze_time(now + timedelta(hours=6, minutes=1)):
        sign(client, petition, email=MIRIAM, country="DE")
        miriams = links_mailed_to(MIRIAM)[-1]
        assert client.get(miriams).status_code == 302
    [signature] = Signature.objects.all()
    assert signature.country.code == "DE" and signature.state == SignatureState.VALIDATED


def test_the_screen_says_the_same_whatever_the_address_has_done(client, petition):
    change_settings(address_mail_limit=2)

    def post(email):
        response = client.post(petition.get_sign_url(), form_data(email=email), follow=True)
        return response.redirect_chain, response.content

    new = post(MIRIAM)
    waiting = post(MIRIAM)
    over_the_limit = post(MIRIAM)
    client.get(links_mailed_to(MIRIAM)[0])
    confirmed = post(MIRIAM)
    someone_else = post("dariush@example.org")

    assert new == waiting == over_the_limit == confirmed == someone_else


def test_the_confirmation_mail_shows_what_a_click_applies_and_says_to_ignore_it_if_it_was_not_you(
        client, petition, smtp_server):
    sign(client, petition, email=MIRIAM, **STRANGERS_CHOICES)
    sign(client, petition, email="dariush@example.org", name="Dariush Rezaei", country="DE")
    deliver_outbox()

    for address, shown in [(MIRIAM, [
        "Name: Someone Else", "Country: Iran", "First name and country shown on the petition page: yes",
        f"Keep me informed: yes (“{petition.consent_text}”)",
    ]), ("dariush@example.org", [
        "Name: Dariush Rezaei", "Country: Germany", "First name and country shown on the petition page: no",
        "Keep me informed: no",
    ])]:
        [mail] = smtp_server.to(address)
        for part in ("plain", "html"):
            # Names and addresses are isolated (<bdi>) in the HTML part, so a name in one script never
            # scrambles a sentence in another; what they say is read without the wrapper.
            text = re.sub(r"</?bdi>", "", html.unescape(mail.get_body((part,)).get_content()))
            for line in [*shown, "If this wasn't you, ignore this mail"]:
                assert line in text
            assert "Visit my shop" not in text  # the free-text comment is never relayed to an inbox


def test_a_new_signature_costs_one_indexed_look_up_more_than_its_writes(client, petition):
    sign(client, petition, email="warm-up@example.org")  # settings, rules and petition are cached after this

    with CaptureQueriesContext(connection) as queries:
        sign(client, petition, email=MIRIAM)

    statements = [query["sql"] for query in queries if "SAVEPOINT" not in query["sql"]]
    # Who this signer is (confirmed already? mails this window?); the per-address rate; the entry; its mail.
    assert [sql.split()[0] for sql in statements] == ["SELECT", "SELECT", "INSERT", "INSERT"]
    look_up, rate = statements[:2]
    assert "dedupe_key IN" in look_up and "ip_address" in rate
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + look_up)
            plan = " | ".join(row[-1] for row in cursor.fetchall())
        assert "SCAN petitions_signature" not in plan, plan
        assert "one_confirmed_signature_per_key (petition_id=? AND dedupe_key=?)" in plan, plan
        assert "signature_address (canonical_email=? AND petition_id=? AND created_at>?)" in plan, plan


def test_an_address_that_confirmed_costs_the_look_up_and_the_notice_only(client, petition):
    sign(client, petition, email=MIRIAM)
    client.get(links_mailed_to(MIRIAM)[0])

    with CaptureQueriesContext(connection) as queries:
        sign(client, petition, email=MIRIAM)

    statements = [query["sql"].split()[0] for query in queries if "SAVEPOINT" not in query["sql"]]
    assert statements == ["SELECT", "UPDATE", "SELECT", "INSERT"]  # look-up, claim a notice, its address, its mail


def test_a_recruiter_who_pre_signs_an_address_with_his_own_code_gets_no_credit_for_it(client, petition):
    from tests.petitions.conftest import confirmed

    kaveh = confirmed(petition, "kaveh@example.org").supporter
    sign(client, petition, ip=STRANGER_IP, email=MIRIAM, ref=kaveh.referral_code, src="whatsapp")
    sign(client, petition, email=MIRIAM)
    _kavehs, miriams = links_mailed_to(MIRIAM)

    client.get(miriams)

    signature = Signature.objects.get(canonical_email=MIRIAM)
    assert (signature.referrer, signature.channel) == (None, "")
    assert not kaveh.recruits.exists()
