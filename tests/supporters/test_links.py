"""Kaveh manages his e-mail from the links in our e-mails: one click unsubscribes him, from a mail program
without cookies; his preferences page changes his mind back. Broken, stale and old links get a clear page."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from clarion.supporters import actions, tokens
from clarion.supporters.models import Consent, Supporter
from tests.petitions.conftest import deliver_outbox
from tests.supporters.conftest import path_of, subscriber

pytestmark = pytest.mark.django_db


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


def test_preferences_page_stops_and_restarts_his_emails(client):
    kaveh = subscriber()
    page = path_of(tokens.preferences_url(kaveh))

    shown = client.get(page).content.decode()
    assert "We send campaign e-mails to kaveh@example.org." in shown
    assert "Download my data" in shown and "Erase me" in shown

    stopped = client.post(page, {"subscribed": "no"}, follow=True)
    assert "We send no campaign e-mails to kaveh@example.org." in stopped.content.decode()
    assert not Supporter.objects.mailable().exists()

    restarted = client.post(page, {"subscribed": "yes"})
    assert restarted.status_code == 302 and restarted["Location"] != page  # a renewed opt-in gets a new link
    assert "We send campaign e-mails to" in client.get(restarted["Location"]).content.decode()
    latest = Consent.objects.filter(supporter=kaveh).latest("pk")
    assert (latest.action, latest.channel, latest.notice.text) == (
        "opt_in", "preferences", "Yes, e-mail me about this campaign and others like it. I can unsubscribe at "
        "any time.")
    assert Supporter.objects.mailable().get() == kaveh


def test_a_link_mailed_before_he_subscribed_again_no_longer_manages_it(client):
    kaveh = subscriber()
    old_page = path_of(tokens.preferences_url(kaveh))
    old_unsubscribe = path_of(tokens.unsubscribe_url(kaveh))
    actions.opt_out(kaveh, channel="preferences")
    actions.opt_in(kaveh, channel="signup", notice_text="Yes, e-mail me.")

    replayed = client.post(old_page, {"subscribed": "no"})

    assert replayed.status_code == 410 and "This link has been replaced" in replayed.content.decode()
    assert Supporter.objects.mailable().get() == kaveh
    # Unsubscribing only ever lowers what we send: the link in an old mailing still works.
    assert client.post(old_unsubscribe).status_code == 200
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
        fresh = client.post(page + "new-link/")
        unsubscribed = client.post(unsubscribe)
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
