"""Every page a supporter reaches from our mail's links speaks the language they read our mail in, whatever
their browser asks for (those addresses carry no language prefix); a sign-up form's pages speak the form's page's.
Found by the journey of a Persian reader following an alert: its unsubscribe pages answered in English."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from clarion.alerts.updates import updates_token
from clarion.spread import tokens as spread_tokens
from clarion.spread.models import Invitation, address_key
from clarion.supporters import tokens
from clarion.supporters.models import Supporter
from tests.i18n.translate import translate
from tests.petitions.conftest import confirmed, deliver_outbox, make_petition
from tests.supporters.conftest import confirm_link_in, path_of, sign_up, subscriber

pytestmark = pytest.mark.django_db

PERSIAN = '<html lang="fa" dir="rtl"'
ENGLISH = '<html lang="en" dir="ltr"'


@pytest.fixture
def english_browser():
    return Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")


@pytest.fixture
def nasrin():
    return subscriber("nasrin@example.org", name="Nasrin Ahmadi", language="fa")


def html(response):
    return response.content.decode()


def test_the_unsubscribe_pages_speak_the_supporters_language(english_browser, nasrin):
    address = path_of(tokens.unsubscribe_url(nasrin))
    asking = english_browser.get(address)
    assert asking.status_code == 200 and PERSIAN in html(asking)
    assert "لغو اشتراک" in html(asking)
    answer = english_browser.post(address)
    assert answer.status_code == 200 and PERSIAN in html(answer) and "اشتراک شما لغو شد" in html(answer)
    assert not Supporter.objects.get(pk=nasrin.pk).subscribed


def test_the_erase_and_new_link_pages_speak_it_too(english_browser, nasrin, smtp_server):
    page = path_of(tokens.preferences_url(nasrin))
    assert PERSIAN in html(english_browser.get(page + "erase/"))
    refused = english_browser.post(page + "erase/", {"confirm": "maybe"})
    assert refused.status_code == 400 and PERSIAN in html(refused)
    sent = english_browser.post(page + "new-link/")
    assert sent.status_code == 200 and PERSIAN in html(sent)
    erased = english_browser.post(page + "erase/", {"confirm": "erase"})
    assert erased.status_code == 200 and PERSIAN in html(erased)


def test_a_link_too_old_for_the_page_says_so_in_the_supporters_language(english_browser, nasrin):
    page = path_of(tokens.preferences_url(nasrin))
    with freeze_time(timezone.now() + timedelta(days=31)):
        too_old = english_browser.post(page + "erase/", {"confirm": "erase"})
    assert too_old.status_code == 410 and PERSIAN in html(too_old)


def test_a_supporter_whose_language_was_removed_reads_the_default(nasrin):
    Supporter.objects.filter(pk=nasrin.pk).update(language="fr")
    persian_browser = Client(HTTP_ACCEPT_LANGUAGE="fa")
    asking = persian_browser.get(path_of(tokens.unsubscribe_url(Supporter.objects.get(pk=nasrin.pk))))
    assert asking.status_code == 200 and ENGLISH in html(asking)


def test_a_persian_sign_up_form_answers_in_persian_up_to_the_confirmation(english_browser, signup_page,
                                                                          smtp_server):
    mistyped = sign_up(english_browser, signup_page, email="not an address", language="fa")
    assert mistyped.status_code == 400 and PERSIAN in html(mistyped)
    answer = sign_up(english_browser, signup_page, email="leyla@example.org", language="fa")
    assert answer.status_code == 302
    check = english_browser.get(answer["Location"])
    assert PERSIAN in html(check)
    deliver_outbox()
    [mail] = smtp_server.to("leyla@example.org")
    confirmed = english_browser.get(path_of(confirm_link_in(mail)))
    assert confirmed.status_code == 200 and PERSIAN in html(confirmed)
    assert Supporter.objects.get(email="leyla@example.org").language == "fa"


@pytest.mark.parametrize("language", ["xx", "", "fa\x00", "f" * 5000, "../en"])
def test_a_check_your_email_page_asked_in_a_language_not_spoken_is_in_the_default(english_browser, language):
    answer = english_browser.get("/supporters/signup/check-your-email/", {"language": language})
    assert answer.status_code == 200 and ENGLISH in html(answer)


@pytest.fixture
def signer():
    """Darya signed the Persian translation of a petition (so her signature and record say "fa")."""
    petition = make_petition()
    persian = translate(petition, "fa", title="بگذارید خانواده‌ها بمانند", demand="دستور بازگشت را لغو کنید.",
                        consent_text="بله، مرا در جریان بگذارید.")
    signature = confirmed(persian, "darya@example.org", opt_in=True)
    assert (signature.language, signature.supporter.language) == ("fa", "fa")
    return signature


def test_the_spread_pages_from_a_persian_signers_mail_speak_persian(english_browser, signer, smtp_server):
    impact = urlsplit(spread_tokens.impact_url(signer.supporter)).path
    assert PERSIAN in html(english_browser.get(impact))
    with freeze_time(timezone.now() + timedelta(days=91)):
        expired = english_browser.get(impact)
        sent = english_browser.post(impact)
    assert PERSIAN in html(expired) and PERSIAN in html(sent)


def test_an_invitees_never_again_page_speaks_the_invitations_language(english_browser, signer):
    invitation = Invitation.objects.create(petition=signer.petition, inviter=signer.supporter, name="Kaveh",
                                           email="kaveh@example.net", address_key=address_key("kaveh@example.net"),
                                           state="mailed")
    never = urlsplit(spread_tokens.never_url(invitation)).path
    assert PERSIAN in html(english_browser.get(never))
    assert PERSIAN in html(english_browser.post(never))


def test_stopping_a_petitions_updates_speaks_the_supporters_language_and_names_its_translation(english_browser,
                                                                                                signer):
    stop = reverse("alerts_updates:stop", args=[updates_token(signer.supporter_id, signer.petition_id)])
    asking = html(english_browser.get(stop))
    assert PERSIAN in asking and "بگذارید خانواده‌ها بمانند" in asking
    done = english_browser.post(stop)
    assert done.status_code == 200 and PERSIAN in html(done) and "بگذارید خانواده‌ها بمانند" in html(done)
