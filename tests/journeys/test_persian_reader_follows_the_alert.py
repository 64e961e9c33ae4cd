"""The organiser sends the demo campaign's action alert, and each supporter receives it, over SMTP, in the
language on their record: Amir and Nasrin read the Persian version (its subject, right to left, the decision day
in Persian digits), the others the English one, every copy with a one-click unsubscribe. Amir, whose phone
speaks Swedish (a language the site does not), taps the mail's button and lands on the Persian petition, signs
as himself, confirms from the Persian mail, and his signature counts on the English petition too, credited to
the alert. Nasrin, whose phone speaks French, follows her mail's unsubscribe address: the pages answer her in
Persian, and from then on her record says she opted out, so no alert reaches her."""

import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clarion.alerts.actions import start_mailing
from clarion.alerts.models import Mailing, MailingStatus
from clarion.demo import content, content_fa
from clarion.demo.alerts import SUPPORTERS
from clarion.demo.build import build_demo
from clarion.pages.models import HomePage
from clarion.petitions.counting import count_round
from clarion.petitions.models import PetitionPage, Signature, SignatureState
from clarion.supporters.models import ConsentAction, Supporter
from tests.conftest import run_queued_tasks
from tests.fixtures.browser import _open_page
from tests.journeys.conftest import keep_on_loopback, visit
from tests.journeys.test_persian_supporter_on_a_phone import (
    AMIR,
    MIN_FILL_SECONDS,
    PERSIAN,
    PHONE,
    a_persian_page_that_fits_the_phone,
    counter,
    in_language,
)
from tests.petitions.conftest import confirm_link, deliver_outbox

pytestmark = pytest.mark.journey

NASRIN = "nasrin@example.org"
JANE = "jane.okafor@example.org"
# The demo's Persian subject, its merge field filled in with the reader's first name.
PERSIAN_SUBJECT = content_fa.ALERT_SUBJECT.replace('{{ first_name|default:"دوست عزیز" }}', "{}")
ENGLISH_SUBJECT = "{}, four days to stop the Tamsin Valley returns"
SIGN_BUTTON_FA = "دادخواست را امضا کنید"  # "Sign the petition", as the Persian mail's button says it


def phone(browser, request, artifacts_dir, locale):
    """A phone 390 × 844 with touch, whose browser asks for `locale`."""
    yield from _open_page(browser, request, artifacts_dir, viewport=PHONE, has_touch=True, is_mobile=True,
                          locale=locale)


@pytest.fixture
def amirs_phone(browser, request, artifacts_dir):
    """Amir lives in Sweden: his phone asks for Swedish, which the site does not speak."""
    yield from phone(browser, request, artifacts_dir, "sv-SE")


@pytest.fixture
def nasrins_phone(browser, request, artifacts_dir):
    """Nasrin lives in France: her phone asks for French, which the site does not speak either."""
    yield from phone(browser, request, artifacts_dir, "fr-FR")


@pytest.fixture
def site(live_server, django_db_serialized_rollback, _migrations_data, smtp_server, settings):
    """The demo campaign in English and Persian as `manage.py load_demo` builds it, on a live server whose mails
    link back to it and arrive at a real SMTP server."""
    build_demo(translate=True)
    settings.CLARION_BASE_URL = live_server.url
    return live_server.url


def html_of(mail):
    return mail.get_body(("html",)).get_content()


def text_of(mail):
    return mail.get_body(("plain",)).get_content()


def unsubscribe_address(mail):
    return mail["List-Unsubscribe"].strip().strip("<>")


def send_the_demo_alert():
    """What Send now does once the organiser confirms the number: the deliveries, then the senders the task
    worker runs (tests/journeys/test_organiser_sends_alert.py presses the buttons themselves)."""
    mailing = Mailing.objects.get()
    assert mailing.versions.get().language == "fa"
    audience = mailing.segment.recipients().count()
    start_mailing(mailing, confirmed_count=audience)
    run_queued_tasks()
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT
    return audience


def sign_as_amir(page):
    form = page.locator("form[data-petition-form]")
    expect(form).to_be_visible()
    opened = time.monotonic()
    form.locator('[name="name"]').fill("امیر کریمی")
    form.locator('[name="email"]').fill(AMIR)
    form.locator('[name="country"]').select_option("SE")
    time.sleep(max(0, MIN_FILL_SECONDS + 0.5 - (time.monotonic() - opened)))  # as long as a person takes
    form.locator('button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/check-your-email/"))


def test_persian_readers_follow_the_alert_to_sign_and_to_leave(amirs_phone, nasrins_phone, site, smtp_server):
    attempted = keep_on_loopback(amirs_phone) + keep_on_loopback(nasrins_phone)
    petition, english_petition = in_language(PetitionPage, "fa"), in_language(PetitionPage, "en")
    assert in_language(HomePage, "fa").url == "/fa/"
    decided_on = content.decision_day(timezone.localdate())
    persian_day, english_day = content_fa.dated("{decision}", decided_on), content.dated("{decision}", decided_on)

    # The organiser sends the alert: one copy each, in the language on the supporter's record.
    assert send_the_demo_alert() == len(SUPPORTERS)
    mails = {m["To"]: m for m in smtp_server.messages}
    assert sorted(mails) == sorted(address for _name, address, _country, _language in SUPPORTERS)
    assert len(smtp_server.messages) == len(SUPPORTERS)
    for name, address, _country, language in SUPPORTERS:
        mail, first_name = mails[address], name.split()[0]
        html = html_of(mail)
        if language == "fa":
            assert mail["Subject"] == PERSIAN_SUBJECT.format(first_name)
            assert re.search(r'<html lang="fa" dir="rtl"', html), html[:200]
            assert f"روز {persian_day}" in text_of(mail) and english_day not in text_of(mail)
            assert f"{site}{petition.url}?ref=" in html
        else:  # English readers, and Tomás, whose Spanish the site does not speak
            assert mail["Subject"] == ENGLISH_SUBJECT.format(first_name)
            assert re.search(r'<html lang="en" dir="ltr"', html), html[:200]
            assert f"On {english_day} Oren Vale decides" in text_of(mail)
            assert f"{site}{english_petition.url}?ref=" in html
    assert PERSIAN.search(mails[AMIR]["Subject"]) and not PERSIAN.search(mails[JANE]["Subject"])
    # The decision day in Persian digits in the preheader too, where the mail program shows its first line.
    assert f"پیش از {persian_day}" in html_of(mails[AMIR])
    # Amir's mail program can unsubscribe him in one click (RFC 8058), from his own address only.
    assert unsubscribe_address(mails[AMIR]).startswith(f"{site}/supporters/unsubscribe/")
    assert mails[AMIR]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_address(mails[AMIR]) != unsubscribe_address(mails[NASRIN])

    # Amir opens the mail on his phone and taps its button: the Persian petition, whatever his phone asks for.
    amirs_phone.set_content(html_of(mails[AMIR]))
    amirs_phone.get_by_role("link", name=SIGN_BUTTON_FA).click()
    amir = Supporter.objects.get(email=AMIR)
    expect(amirs_phone).to_have_url(f"{site}{petition.url}?ref={amir.referral_code}&src=alert")
    assert petition.url.startswith("/fa/")
    a_persian_page_that_fits_the_phone(amirs_phone, petition.title)

    # He signs as himself; the confirmation comes in Persian, and its link confirms him.
    sign_as_amir(amirs_phone)
    expect(amirs_phone.locator("html")).to_have_attribute("lang", "fa")
    deliver_outbox()
    [confirmation] = [m for m in smtp_server.to(AMIR) if m is not mails[AMIR]]
    assert PERSIAN.search(confirmation["Subject"]), confirmation["Subject"]
    assert re.search(r'<html lang="fa" dir="rtl"', html_of(confirmation))
    amirs_phone.goto(confirm_link(confirmation))
    expect(amirs_phone).to_have_url(re.compile(r"/thanks/"))
    expect(amirs_phone.locator("html")).to_have_attribute("lang", "fa")
    signature = Signature.objects.get(canonical_email=AMIR)
    assert (signature.state, signature.language, signature.channel) == (SignatureState.VALIDATED, "fa", "alert")
    assert signature.petition_id == english_petition.pk  # the one petition both pages count for

    # One petition, one count: the English page shows his signature; the segment of non-signers lets him go.
    count_round()
    visit(amirs_phone, site, english_petition.url)
    expect(amirs_phone.locator("html")).to_have_attribute("lang", "en")
    expect(counter(amirs_phone)).to_have_text("1")
    segment = Mailing.objects.get().segment
    assert AMIR not in segment.recipients().values_list("email", flat=True)

    # Nasrin's mail program cannot unsubscribe in one click, so it opens the List-Unsubscribe address for her.
    spoke = {}
    nasrins_phone.goto(unsubscribe_address(mails[NASRIN]))
    spoke["asking"] = nasrins_phone.locator("html").get_attribute("lang")
    assert Supporter.objects.get(email=NASRIN).subscribed, "opening the address alone must change nothing"
    nasrins_phone.locator('button[name="List-Unsubscribe"]').click()
    expect(nasrins_phone.locator('button[name="List-Unsubscribe"]')).to_have_count(0)  # the answer page
    spoke["answer"] = nasrins_phone.locator("html").get_attribute("lang")
    answer_heading = nasrins_phone.locator("h1").inner_text()

    # Her record says she left, through which door, and no alert to the segment reaches her any more.
    nasrin = Supporter.objects.get(email=NASRIN)
    assert not nasrin.subscribed
    latest = nasrin.consents.first()
    assert (latest.action, latest.channel) == (ConsentAction.OPT_OUT, "unsubscribe")
    assert not Supporter.objects.mailable().filter(pk=nasrin.pk).exists()
    assert NASRIN not in segment.recipients().values_list("email", flat=True)
    assert JANE in segment.recipients().values_list("email", flat=True)
    assert amirs_phone.clarion_js_errors == [] and nasrins_phone.clarion_js_errors == []
    assert attempted == []

    # Both pages speak her language, not her French browser's nor the site's default (they answered in English
    # until this journey was written: the unsubscribe address carries no language prefix).
    assert spoke == {"asking": "fa", "answer": "fa"} and PERSIAN.search(answer_heading), (spoke, answer_heading)
