"""Every mail a signer or supporter receives is written in their language: the signature's for signing mails,
the supporter's for the rest; a language the site no longer speaks gives the default."""

import pytest

from clarion.core.emails import canonical_email
from clarion.petitions import actions, tokens
from clarion.supporters import actions as supporter_actions
from clarion.supporters.models import Supporter
from tests.i18n.test_count_translations import translate
from tests.petitions.conftest import deliver_outbox, make_petition

pytestmark = pytest.mark.django_db
PERSIAN_TITLE = "بگذارید خانواده‌ها بمانند"


@pytest.fixture
def petition():
    return make_petition()


@pytest.fixture
def persian(petition):
    return translate(petition, title=PERSIAN_TITLE)


def html_of(message):
    return message.get_body(("html",)).get_content()


def sign(page, email, **fields):
    return actions.sign_petition(page, name="Darya Karimi", email=email, country="IR", elapsed_ms=8000,
                                 **fields).signature


def test_the_confirmation_is_written_in_the_language_signed_in(petition, persian, smtp_server):
    sign(persian, "darya@example.org")
    sign(petition, "sam@example.org")
    deliver_outbox()
    persian_mail, english_mail = smtp_server.to("darya@example.org")[0], smtp_server.to("sam@example.org")[0]
    assert PERSIAN_TITLE in persian_mail["Subject"]
    assert '<html lang="fa" dir="rtl">' in html_of(persian_mail)
    assert '<html lang="en" dir="ltr">' in html_of(english_mail)
    assert PERSIAN_TITLE not in english_mail["Subject"]


def test_the_thanks_and_already_signed_mails_too(petition, persian, smtp_server):
    signature = sign(persian, "darya@example.org", opt_in=True)
    actions.confirm_signature(tokens.confirmation_token(signature))
    sign(petition, "darya@example.org")  # again, on the English page: "already signed"
    deliver_outbox()
    received = smtp_server.to("darya@example.org")
    assert len(received) == 3
    thanks = received[1]
    assert PERSIAN_TITLE in thanks.get_body(("plain",)).get_content()
    assert '<html lang="fa" dir="rtl">' in html_of(thanks)
    supporter = Supporter.objects.get()
    assert supporter.language == "fa"  # recorded at signing, for every later mail


def test_a_supporter_whose_language_was_removed_gets_the_default(smtp_server):
    supporter = Supporter.objects.create(email="f@example.org", canonical_email=canonical_email("f@example.org"),
                                         subscribed=True, language="fr")
    supporter_actions.send_fresh_link(supporter)
    deliver_outbox()
    assert '<html lang="en" dir="ltr">' in html_of(smtp_server.messages[0])


def test_the_sign_up_confirmation_speaks_the_language_signed_up_in(smtp_server):
    supporter_actions.request_signup(email="n@example.org", name="Nasrin", language="ar", notice_text="Yes")
    deliver_outbox()
    assert '<html lang="ar" dir="rtl">' in html_of(smtp_server.messages[0])


def test_a_garbled_recorded_language_never_fails_a_mail(petition, smtp_server):
    from clarion.petitions.models import Signature

    signature = sign(petition, "g@example.org")
    Signature.objects.filter(pk=signature.pk).update(language="zz<script>")
    deliver_outbox()
    assert '<html lang="en" dir="ltr">' in html_of(smtp_server.messages[0])
