"""Kaveh manages his e-mail from the links in our e-mails: one click unsubscribes him, from a mail program
without cookies; his preferences page changes his mind back, once he confirms from a fresh e-mail. A link
mailed before he unsubscribed, or older than the set age, can only stop e-mails. Broken, stale and old links
get a clear page, and no link says who it is for."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from clarion.mail.models import OutboxMessage
from clarion.supporters import actions, tokens
from clarion.supporters.models import Consent, Supporter
from tests.petitions.conftest import deliver_outbox
from tests.supporters.conftest import confirm_link_in, path_of, subscriber, what_anyone_can_read

pytestmark = pytest.mark.django_db

PREFERENCES_NOTICE = "Yes, e-mail me about this campaign and others like it. I can unsubscribe at any time."


def test_one_click_unsubscribe_works_without_cookies_and_he_is_never_mailed_again(db):
    kaveh = subscriber()
    other = subscriber("leyla@example.org")
    mail_program = Client(enforce_csrf_checks=True)

    answer = mail_program.post(path_of(tokens.unsubscribe_url(kaveh)), "List-Unsubscribe=One-Click",
                               content_type="application/x-www-form-urlencoded")

    assert answer.status_code == 200 and "You are unsubscribed" in answer.content.decode()
    assert list(Supporter.objects.mailable()) == [other]
    assert Consent.objects.filter(supporter=kaveh).latest("pk").channel == "unsubscribe"
    # Again, as mail programs retry: harmless, and recorded once.
    assert mail_program.post(path_of(tokens.unsubscribe_url(kaveh))).status_code == 200
    assert Consent.objects.filter(supporter=kaveh, action="opt_out").count() == 1


def test_opening_the_unsubscribe_link_only_asks(client):
    kaveh = subscriber()

    answer = client.get(path_of(tokens.unsubscribe_url(kaveh)))

    assert answer.status_code == 200 and "Press the button" in answer.content.decode()
    assert Supporter.objects.get(pk=kaveh.pk).subscribed


def test_preferences_page_stops_his_emails_and_subscribing_again_waits_for_the_mailed_link(client, smtp_server):
    kaveh = subscriber()
    page = path_of(tokens.preferences_url(kaveh))

    shown = client.get(page).content.decode()
    assert "We send campaign e-mails to <bdi>kaveh@example.org</bdi>." in shown
    assert "Download my data" in shown and "Erase me" in shown

    stopped = client.post(page, {"subscribed": "no"}, follow=True)
    assert "We send no campaign e-mails to <bdi>kaveh@example.org</bdi>." in stopped.content.decode()
    assert not Supporter.objects.mailable().exists()
    page = stopped.redirect_chain[-1][0]  # the opt-out retired his link; he carries on with its successor
    assert "Subscribe again" in stopped.content.decode() and "Download my data" in stopped.content.decode()

    asked = client.post(page, {"subscribed": "yes"})
    assert asked.status_code == 200
    assert "We have sent an e-mail to <bdi>kaveh@example.org</bdi>" in asked.content.decode()
    assert not Supporter.objects.mailable().exists()  # not until he follows the link
    deliver_outbox()
    [mail] = smtp_server.to("kaveh@example.org")
    assert PREFERENCES_NOTICE in mail.get_body(("plain",)).get_content()

    confirmed = client.get(path_of(confirm_link_in(mail)))

    assert confirmed.status_code == 200 and "you are subscribed" in confirmed.content.decode()
    latest = Consent.objects.filter(supporter=kaveh).latest("pk")
    assert (latest.action, latest.channel, latest.notice.text, latest.ip_address) == (
        "opt_in", "preferences", PREFERENCES_NOTICE, "127.0.0.1")
    assert Supporter.objects.mailable().get() == kaveh


def test_a_link_mailed_before_he_unsubscribed_can_only_lower_what_we_send(client, smtp_server):
    kaveh = subscriber()
    old_page = path_of(tokens.preferences_url(kaveh))
    old_unsubscribe = path_of(tokens.unsubscribe_url(kaveh))
    actions.opt_out(kaveh, channel="unsubscribe")

    # Whoever holds the old mail cannot subscribe him again, nor reach his data.
    shown = client.get(old_page).content.decode()
    replayed = client.post(old_page, {"subscribed": "yes"})
    data = [client.get(old_page + "my-data.json"), client.post(old_page + "erase/", {"confirm": "erase"})]
    deliver_outbox()

    assert "Subscribe again" not in shown and "Download my data" not in shown
    assert replayed.status_code == 410 and "This link has been replaced" in replayed.content.decode()
    assert [answer.status_code for answer in data] == [410, 410]
    assert smtp_server.messages == [] and not Supporter.objects.mailable().exists()
    assert Supporter.objects.get(pk=kaveh.pk).erased_at is None
    # He subscribes again himself; the old links still stop the e-mails, from the page or with one click.
    actions.opt_in(kaveh, channel="signup", notice_text="Yes, e-mail me.")
    assert client.post(old_page, {"subscribed": "no"}).status_code == 302
    assert not Supporter.objects.mailable().exists()
    actions.opt_in(kaveh, channel="signup", notice_text="Yes, e-mail me.")
    assert client.post(old_unsubscribe).status_code == 200
    assert not Supporter.objects.mailable().exists()


def test_an_old_link_gains_nothing_by_stopping_the_emails(client, settings):
    settings.CLARION_SUPPORTERS_CHANGE_LINK_DAYS = 60
    kaveh = subscriber()
    old_page = path_of(tokens.preferences_url(kaveh))

    with freeze_time(timezone.now() + timedelta(days=61)):
        stopped = client.post(old_page, {"subscribed": "no"}, follow=True)
        asked = client.post(stopped.redirect_chain[-1][0], {"subscribed": "yes"})

    assert not Supporter.objects.mailable().exists()  # lowering works at any age
    assert "Subscribe again" not in stopped.content.decode() and "Download my data" not in stopped.content.decode()
    assert asked.status_code == 410 and not OutboxMessage.objects.exists()


def test_a_link_older_than_the_set_age_no_longer_asks_to_subscribe_again(client, settings):
    settings.CLARION_SUPPORTERS_CHANGE_LINK_DAYS = 60
    kaveh = subscriber()
    actions.opt_out(kaveh, channel="unsubscribe")
    page = path_of(tokens.preferences_url(kaveh))

    with freeze_time(timezone.now() + timedelta(days=59)):
        recent = client.get(page).content.decode()
    with freeze_time(timezone.now() + timedelta(days=61)):
        shown = client.get(page).content.decode()
        asked = client.post(page, {"subscribed": "yes"})

    assert "Subscribe again" in recent and "Subscribe again" not in shown
    assert asked.status_code == 410 and "This link is too old for that" in asked.content.decode()
    assert not OutboxMessage.objects.exists() and not Supporter.objects.mailable().exists()


def test_a_preferences_link_reveals_nothing_about_him(client):
    kaveh = subscriber()
    token = tokens.preferences_token(kaveh)

    readable = what_anyone_can_read(token)

    for secret in (kaveh.referral_code, kaveh.email, kaveh.name):
        assert secret not in token and secret not in readable, secret
    assert tokens.preferences_token(kaveh) != token  # nothing stable to follow him by either


def test_a_link_from_before_links_were_sealed_still_unsubscribes_and_nothing_more(client):
    kaveh = subscriber()
    legacy = signing.dumps([kaveh.referral_code, kaveh.token_version], salt="clarion.supporters.preferences",
                           compress=True)

    assert client.get(f"/supporters/preferences/{legacy}/my-data.json").status_code == 410
    assert "Download my data" not in client.get(f"/supporters/preferences/{legacy}/").content.decode()
    assert client.post(f"/supporters/unsubscribe/{legacy}/").status_code == 200
    assert not Supporter.objects.mailable().exists()


def test_a_changed_link_gets_a_clear_page_not_an_error(client):
    kaveh = subscriber()
    token = tokens.preferences_token(kaveh)
    forged = signing.dumps(["zzzzzzzzzz", 0], salt="another.salt")

    for path in (f"/supporters/preferences/{token[:-3]}abc/", f"/supporters/unsubscribe/{forged}/",
                 "/supporters/preferences/%20/", f"/supporters/preferences/{token}x/my-data.json"):
        answer = client.get(path)
        assert answer.status_code == 400, path
        assert "This link does not work" in answer.content.decode()


def test_an_erased_supporters_links_are_gone(client):
    kaveh = subscriber()
    links = [path_of(tokens.preferences_url(kaveh)), path_of(tokens.unsubscribe_url(kaveh))]
    actions.erase_supporter(kaveh, how="admin")

    for link in links:
        answer = client.post(link)
        assert answer.status_code == 410 and "This link no longer works" in answer.content.decode()


def test_an_old_link_still_unsubscribes_but_no_longer_downloads_or_erases(client, smtp_server):
    kaveh = subscriber()
    page, unsubscribe = path_of(tokens.preferences_url(kaveh)), path_of(tokens.unsubscribe_url(kaveh))

    with freeze_time(timezone.now() + timedelta(days=31)):
        shown = client.get(page).content.decode()
        download = client.get(page + "my-data.json")
        erase = client.post(page + "erase/", {"confirm": "erase"})
        unsubscribed = client.post(unsubscribe)
        fresh = client.post(page + "new-link/")
        deliver_outbox()

    assert "E-mail me a new link" in shown and "Download my data" not in shown
    assert download.status_code == erase.status_code == 410
    assert "This link is too old for that" in download.content.decode()
    assert Supporter.objects.get(pk=kaveh.pk).erased_at is None
    assert fresh.status_code == 200 and unsubscribed.status_code == 200
    [mail] = smtp_server.to("kaveh@example.org")
    new_link = path_of(re.search(r"\S*/supporters/preferences/\S+/", mail.get_body(("plain",)).get_content()).group(0))
    assert client.get(new_link + "my-data.json").status_code == 200


def test_an_unknown_choice_on_the_preferences_page_is_refused(client):
    kaveh = subscriber()

    answer = client.post(path_of(tokens.preferences_url(kaveh)), {"subscribed": "maybe"})

    assert answer.status_code == 400
    assert Supporter.objects.get(pk=kaveh.pk).subscribed
