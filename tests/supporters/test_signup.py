"""Leyla subscribes through the sign-up block: nothing is kept until she follows the e-mailed link, and then her
opt-in is recorded with the very words she saw. Robots, floods and forged forms get nowhere."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from clarion.core.emails import canonical_email
from clarion.mail.models import OutboxMessage
from clarion.supporters import actions
from clarion.supporters.models import Consent, ConsentNotice, Supporter
from tests.petitions.conftest import deliver_outbox
from tests.supporters.conftest import NOTICE, confirm_link_in, path_of, sign_up, subscriber, what_anyone_can_read

pytestmark = pytest.mark.django_db

LEYLA = "Leyla.Karimi@example.org"


def test_visitor_signs_up_and_confirms_from_the_email(client, signup_page, smtp_server):
    answer = sign_up(client, signup_page, email=LEYLA, name="Leyla Karimi")

    assert answer.status_code == 302 and answer["Location"] == "/supporters/signup/check-your-email/?language=en"
    assert "Check your e-mail" in client.get(answer["Location"]).content.decode()
    assert not Supporter.objects.exists()
    deliver_outbox()
    [mail] = smtp_server.to(LEYLA)
    assert mail["Subject"].startswith("Please confirm")
    text = mail.get_body(("plain",)).get_content()
    assert text.startswith("Dear Leyla,") and NOTICE in text

    confirmed = client.get(path_of(confirm_link_in(mail)))

    assert confirmed.status_code == 200 and "you are subscribed" in confirmed.content.decode()
    supporter = Supporter.objects.mailable().get()
    assert (supporter.email, supporter.name, supporter.language, supporter.source) == (
        LEYLA, "Leyla Karimi", "en", "signup")
    [consent] = Consent.objects.all()
    assert (consent.action, consent.channel, consent.notice.text, consent.ip_address) == (
        "opt_in", "signup", NOTICE, "127.0.0.1")


def test_showing_the_sign_up_writes_nothing(client, signup_page):
    with CaptureQueriesContext(connection) as shown:
        assert client.get(signup_page.url).status_code == 200

    writes = [query["sql"] for query in shown.captured_queries
              if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def test_a_sign_up_module_is_stored_on_publishing_and_shown_without_writing(client, signup_page):
    from clarion.layout.actions import publish_module

    words = "Yes, tell me when the Director decides."
    publish_module(title="Stay in touch", position="sidebar", body=[
        ("newsletter_signup", {"heading": "News", "intro": "", "notice": words, "button_text": "Subscribe"})])
    assert ConsentNotice.objects.filter(text=words).exists()

    with CaptureQueriesContext(connection) as shown:
        assert words in client.get(signup_page.url).content.decode()
    assert not [query for query in shown.captured_queries if query["sql"].lstrip().upper().startswith("INSERT")]


def test_every_visitor_gets_the_same_sign_up_form(client, signup_page):
    assert client.get(signup_page.url).content == client.get(signup_page.url).content  # one kept copy serves all


def test_the_signed_wording_is_the_same_in_every_second(monkeypatch):
    from django.core import signing

    from clarion.supporters import tokens

    monkeypatch.setattr(signing.time, "time", lambda: 1_800_000_000)
    first = tokens.notice_token(NOTICE)
    monkeypatch.setattr(signing.time, "time", lambda: 1_800_000_001)
    assert tokens.notice_token(NOTICE) == first  # a kept page and a fresh render carry one token
    assert tokens.read_notice_token(first) == NOTICE


def test_a_form_rendered_with_the_older_timestamped_wording_is_still_read():
    from django.core import signing

    from clarion.supporters import tokens

    older = signing.dumps(NOTICE, salt=tokens.NOTICE_SALT, compress=True)
    assert tokens.read_notice_token(older) == NOTICE
    with pytest.raises(signing.BadSignature):
        tokens.read_notice_token(older[:-2] + "xx")


def test_two_sign_ups_on_one_page_keep_their_labels_apart(client, signup_page):
    block = {"heading": "News", "intro": "", "notice": NOTICE, "button_text": "Subscribe"}
    signup_page.body = [("newsletter_signup", block), ("newsletter_signup", block)]
    signup_page.save_revision().publish()

    ids = re.findall(r' id="(signup-[^"]+)"', client.get(signup_page.url).content.decode())

    assert len(ids) > 2 and len(ids) == len(set(ids))


def test_a_wording_published_before_it_was_stored_is_recorded_when_someone_signs_up(client, signup_page,
                                                                                     smtp_server):
    ConsentNotice.objects.all().delete()  # as for content published before versions were stored on publishing

    sign_up(client, signup_page, email=LEYLA)
    deliver_outbox()
    client.get(path_of(confirm_link_in(smtp_server.to(LEYLA)[0])))

    assert Consent.objects.get().notice.text == NOTICE


def test_publishing_stores_the_wording_before_anyone_sees_it(signup_page):
    assert list(ConsentNotice.objects.values_list("text", flat=True)) == [NOTICE]


def test_following_the_link_twice_records_one_opt_in(client, signup_page, smtp_server):
    sign_up(client, signup_page, email=LEYLA)
    deliver_outbox()
    link = path_of(confirm_link_in(smtp_server.to(LEYLA)[0]))

    assert client.get(link).status_code == 200
    assert client.get(link).status_code == 200
    assert Consent.objects.count() == 1


def test_the_answer_is_the_same_whether_or_not_the_address_is_known(client, signup_page, smtp_server):
    subscriber("kaveh@example.org")

    known = sign_up(client, signup_page, email="kaveh@example.org")
    unknown = sign_up(client, signup_page, email="nobody@example.org")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    deliver_outbox()
    assert len(smtp_server.to("kaveh@example.org")) == len(smtp_server.to("nobody@example.org")) == 1


def test_editing_the_notice_records_the_new_wording_for_new_sign_ups(client, signup_page, smtp_server):
    sign_up(client, signup_page, email=LEYLA)
    new_words = "Yes, e-mail me. I can stop at any time, with one click."
    signup_page.body = [("newsletter_signup", {"heading": "News", "intro": "", "notice": new_words,
                                               "button_text": "Subscribe"})]
    signup_page.save_revision().publish()
    sign_up(client, signup_page, email="dariush@example.org")
    deliver_outbox()
    client.get(path_of(confirm_link_in(smtp_server.to(LEYLA)[0])))
    client.get(path_of(confirm_link_in(smtp_server.to("dariush@example.org")[0])))

    assert dict(Consent.objects.values_list("supporter__email", "notice__text")) == {
        LEYLA: NOTICE, "dariush@example.org": new_words}
    assert ConsentNotice.objects.count() == 2


def test_a_robot_filling_the_hidden_field_gets_the_same_answer_and_no_mail(client, signup_page):
    answer = sign_up(client, signup_page, website="http://spam.example.com")

    assert answer.status_code == 302
    assert not OutboxMessage.objects.exists()


def test_one_address_gets_three_confirmations_a_day_at_most(client, signup_page):
    answers = [sign_up(client, signup_page, email=LEYLA, ip=f"198.51.100.{n}") for n in range(5)]

    assert {a.status_code for a in answers} == {302}
    assert OutboxMessage.objects.filter(to=LEYLA).count() == 3


def test_one_ip_address_cannot_flood_many_addresses(client, signup_page, settings):
    settings.CLARION_SIGNUP_IP_LIMIT = 4
    for n in range(6):
        sign_up(client, signup_page, email=f"robot{n}@example.net")

    assert OutboxMessage.objects.count() == 4


def test_a_mistyped_address_is_shown_again_with_a_message(client, signup_page):
    answer = sign_up(client, signup_page, email="leyla@")

    assert answer.status_code == 400
    assert "Enter a valid email address." in answer.content.decode()
    assert NOTICE in answer.content.decode()
    assert not OutboxMessage.objects.exists()


def test_a_forged_notice_is_refused(client, signup_page):
    answer = sign_up(client, signup_page, notice="0" * 64)

    assert answer.status_code == 400 and "This form is out of date" in answer.content.decode()


def test_a_post_from_another_site_is_refused(client):
    answer = client.post("/supporters/signup/", {"email": LEYLA}, HTTP_ORIGIN="https://evil.example.com")

    assert answer.status_code == 403 and "Please sign up on this site" in answer.content.decode()
    assert not OutboxMessage.objects.exists()


def test_an_oversized_post_is_refused(client, settings):
    settings.CLARION_MAX_SIGN_BYTES = 100
    answer = client.post("/supporters/signup/", {"email": LEYLA, "name": "x" * 200})

    assert answer.status_code == 413


def test_an_old_confirmation_link_has_expired(client, signup_page, smtp_server):
    sign_up(client, signup_page, email=LEYLA)
    deliver_outbox()
    link = path_of(confirm_link_in(smtp_server.to(LEYLA)[0]))

    with freeze_time(timezone.now() + timedelta(days=7, minutes=1)):
        answer = client.get(link)

    assert answer.status_code == 410 and "This confirmation link has expired" in answer.content.decode()
    assert not Supporter.objects.exists()


def test_a_changed_link_does_not_work(client):
    answer = client.get("/supporters/signup/confirm/not-a-real-token/")

    assert answer.status_code == 400 and "This link does not work" in answer.content.decode()


def test_a_link_followed_after_unsubscribing_does_not_subscribe_again(client, signup_page, smtp_server):
    sign_up(client, signup_page, email=LEYLA)
    deliver_outbox()
    link = path_of(confirm_link_in(smtp_server.to(LEYLA)[0]))
    client.get(link)
    supporter = Supporter.objects.get()
    actions.opt_out(supporter, channel="preferences")

    answer = client.get(link)

    assert answer.status_code == 410 and "out of date" in answer.content.decode()
    assert not Supporter.objects.mailable().exists()


def test_the_confirmation_link_says_nothing_about_who_signed_up(client, signup_page, smtp_server):
    sign_up(client, signup_page, email=LEYLA, name="Leyla Karimi")
    deliver_outbox()
    link = confirm_link_in(smtp_server.to(LEYLA)[0])
    token = link.rstrip("/").rsplit("/", 1)[1]

    readable = what_anyone_can_read(token).lower()

    for secret in ("leyla", "karimi", "example.org"):
        assert secret not in token.lower() and secret not in readable, secret
    assert client.get(path_of(link)).status_code == 200


def test_with_a_list_of_addresses_the_cache_does_not_tell_who_asked_for_mail(client, signup_page):
    sign_up(client, signup_page, email=LEYLA)

    # Someone reading the cache (a Redis dump) hashes the addresses they suspect, as the old keys did.
    guesses = [hashlib.sha256(canonical_email(address).encode()).hexdigest()
               for address in (LEYLA, "kaveh@example.org")]

    assert [cache.get(f"supporters:signup:to:{digest}") for digest in guesses] == [None, None]
    assert OutboxMessage.objects.filter(to=LEYLA).count() == 1


def test_one_ipv6_network_counts_as_one_address_for_the_limit(client, signup_page, settings):
    settings.CLARION_SIGNUP_IP_LIMIT = 4
    for n in range(6):  # a fresh address from the same /64 for every request
        sign_up(client, signup_page, email=f"robot{n}@example.net", ip=f"2001:db8:5:7::{n + 1:x}")
    sign_up(client, signup_page, email="neighbour@example.net", ip="2001:db8:5:8::1")

    assert OutboxMessage.objects.count() == 5
    assert OutboxMessage.objects.filter(to="neighbour@example.net").exists()
