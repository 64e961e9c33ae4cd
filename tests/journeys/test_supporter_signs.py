"""Miriam signs the demo petition in a real browser, confirms from the e-mail a real mail server received, and
sees her name counted; a flood from one address counts five times until an editor releases the rest held for
review; after the deadline nobody can sign."""

import time
from datetime import timedelta

import pytest
import requests
from django.utils import timezone
from playwright.sync_api import expect

from clarion.petitions import actions, tokens
from clarion.petitions.counting import count_round
from clarion.petitions.models import PetitionCount, PetitionPage, Signature, SignatureState
from tests.journeys.conftest import keep_on_loopback, visit
from tests.petitions.conftest import HUMAN_ELAPSED_MS, change_settings, confirm_link, deliver_outbox, form_data

pytestmark = pytest.mark.journey

PETITION = "/en/petition/"  # the petition lives under its language prefix
MIRIAM = "Miriam.Rezaei@gmail.com"
# The quickest a person fills the form, per the default settings; faster is taken for a robot.
MIN_FILL_SECONDS = 3


@pytest.fixture
def site(live_demo, smtp_server, settings):
    """The demo campaign on a live server, whose e-mails link back to it and arrive at a real SMTP server."""
    settings.CLARION_BASE_URL = live_demo
    return live_demo


@pytest.fixture(params=[0, 10], ids=["rendered-afresh", "page-cache-on"])
def page_cache(request, fronted_live_server, settings):
    """As the suite runs (every page rendered afresh), and as production does: the live server answers through
    clarion.wsgi's fronts, and cookieless visitors get kept pages for CLARION_PAGE_CACHE_SECONDS (10, the
    default), so a kept page with a stale form or count fails the journey."""
    settings.CLARION_PAGE_CACHE_SECONDS = request.param
    return request.param


def counter(page):
    return page.locator("[data-petition-count] [data-count]")


def fill_in(page, name, email, country="Germany", show_name=False):
    form = page.locator("form[data-petition-form]")
    form.get_by_label("Your name").fill(name)
    form.get_by_label("Your e-mail address").fill(email)
    form.get_by_role("combobox", name="Country").select_option(label=country)
    if show_name:
        form.get_by_label("Show my first name and country on this page").check()
    return form


def submit(form):
    form.get_by_role("button", name="Sign the petition").click()


def check_your_email(page):
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    return page.url, page.locator("main").inner_text()


def received(smtp_server, address, subject_start):
    deliver_outbox()
    return [m for m in smtp_server.to(address) if m["Subject"].startswith(subject_start)]


def count_document(page, site):
    href = page.locator('link[rel="alternate"][type="application/json"]').get_attribute("href")
    return page.request.get(site + href).json()


def test_supporter_signs_and_confirms(page, site, smtp_server, page_cache):
    attempted = keep_on_loopback(page)
    visit(page, site, PETITION)
    opened = time.monotonic()
    expect(page.get_by_text("Be the first to sign")).to_be_visible()

    form = fill_in(page, "Miriam Rezaei", MIRIAM, country="Iran", show_name=True)
    time.sleep(max(0, MIN_FILL_SECONDS + 0.5 - (time.monotonic() - opened)))  # as long as a person takes
    submit(form)
    check_your_email(page)

    [mail] = received(smtp_server, MIRIAM, "Please confirm your signature")
    assert mail.get_body(("plain",)).get_content().startswith("Dear Miriam,")
    assert "Confirm my signature" in mail.get_body(("html",)).get_content()
    link = confirm_link(mail)
    assert link.startswith(site + "/petitions/confirm/")
    page.goto(link)
    expect(page.get_by_role("heading", name="Thank you: your signature is confirmed")).to_be_visible()
    [thanks] = received(smtp_server, MIRIAM, "Thank you for signing")
    assert site + PETITION in thanks.get_body(("plain",)).get_content()

    count_round()
    page.get_by_role("link", name="See the petition").click()
    page.reload()
    expect(counter(page)).to_have_text("1")
    expect(page.get_by_role("region", name="Recent signers")).to_contain_text("Miriam, Iran")
    document = count_document(page, site)
    # One signer from Iran counts, and the per-country figures do not single her out.
    assert (document["signature_count"], document["signatures_by_country"]) == (1, {})
    assert Signature.objects.get().state == SignatureState.VALIDATED
    assert page.clarion_js_errors == []
    assert attempted == []


def test_same_address_signs_twice_counts_once(page, site, smtp_server):
    change_settings(min_fill_seconds=0)  # the first journey takes a person's time; this one need not
    visit(page, site, PETITION)
    submit(fill_in(page, "Miriam Rezaei", MIRIAM))
    first_screen = check_your_email(page)
    page.goto(confirm_link(received(smtp_server, MIRIAM, "Please confirm")[0]))
    count_round()

    visit(page, site, PETITION)
    submit(fill_in(page, "Miriam R.", "miriamrezaei@GoogleMail.com"))

    assert check_your_email(page) == first_screen
    assert len(received(smtp_server, MIRIAM, "You have already signed")) == 1
    assert received(smtp_server, "miriamrezaei@GoogleMail.com", "Please confirm") == []
    count_round()
    visit(page, site, PETITION)
    page.reload()
    expect(counter(page)).to_have_text("1")
    assert count_document(page, site)["signature_count"] == 1


def test_twenty_signatures_from_one_ip_count_five_until_pete_releases_the_rest(page, site, smtp_server,
                                                                            django_user_model):
    keep_on_loopback(page)  # the admin asks wagtail.org and gravatar.com on its own; not what this journey is about
    petition = PetitionPage.objects.get()
    with requests.Session() as flood:
        answers = [
            flood.post(
                site + petition.get_sign_url(),
                allow_redirects=False,
                data=form_data(name=f"Robot {n}", email=f"robot{n}@example.net"),
            )
            for n in range(20)
        ]
        assert {(a.status_code, a.headers["Location"]) for a in answers} == {
            (302, f"/petitions/{petition.pk}/check-your-email/")
        }
        deliver_outbox()
        assert len(smtp_server.messages) == 20
        for mail in smtp_server.messages:
            assert f"/petitions/{petition.pk}/thanks/" in flood.get(confirm_link(mail)).url

    count_round()
    visit(page, site, PETITION)
    expect(counter(page)).to_have_text("5")
    assert Signature.objects.filter(state=SignatureState.HELD, fraud_reason="rate-burst").count() == 15

    # Pete, who watches over the petition, finds the flooding address at the top of the trending report.
    django_user_model.objects.create_superuser("pete", "pete@example.org", "keeps the petition honest")
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("pete")
    page.get_by_label("Password").fill("keeps the petition honest")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{site}/admin/petitions/{petition.pk}/trending/?minutes=60")
    top = page.get_by_role("table", name="IP addresses that signed most").locator("tbody tr").first
    # IP address, total, confirmed, waiting, held for review, fraudulent
    expect(top.locator("td:nth-child(-n+6)")).to_have_text(["127.0.0.1", "20", "5", "0", "15", "0"])

    # The fifteen are held for review with their reason; Pete, who knows the address is a campus, releases them.
    page.goto(f"{site}/admin/petitions/held/?petition={petition.pk}")
    expect(page.locator("[data-held-count]")).to_have_attribute("data-held-count", "15")
    expect(page.get_by_role("table").locator("tbody")).to_contain_text(
        "Many signatures from one IP address in the short window")
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Release the ticked signatures").click()
    expect(page.get_by_text("15 signatures released")).to_be_visible()
    count_round()
    visit(page, site, PETITION)
    expect(counter(page)).to_have_text("20")


def test_signing_after_the_deadline_shows_the_closed_message(page, site):
    petition = PetitionPage.objects.get()
    for email in ("lena@example.org", "dariush@example.org"):
        signing = actions.sign_petition(
            petition, name="Early Supporter", email=email, country="DE", elapsed_ms=int(HUMAN_ELAPSED_MS)
        )
        actions.confirm_signature(tokens.confirmation_token(signing.signature))
    count_round()
    change_settings(min_fill_seconds=0)
    visit(page, site, PETITION)
    form = fill_in(page, "Late Supporter", "late@example.org")

    PetitionPage.objects.filter(pk=petition.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        submit(form)

    assert answer.value.status == 403
    expect(page.get_by_role("heading", name="This petition is not taking signatures")).to_be_visible()
    expect(page.get_by_text("It has closed; thank you for wanting to sign.")).to_be_visible()
    assert not Signature.objects.filter(email="late@example.org").exists()
    page.get_by_role("link", name="Go to the petition").click()
    page.reload()
    expect(page.locator(".petition__closed")).to_have_text("This petition is closed. 2 people signed it.")
    expect(page.locator("form[data-petition-form]")).to_have_count(0)
    expect(counter(page)).to_have_text("2")
    assert count_document(page, site)["state"] == "closed"


def test_visitor_sees_the_count_of_a_popular_petition(page, site):
    PetitionCount.objects.create(petition=PetitionPage.objects.get(), count=1234)

    visit(page, site, PETITION)

    expect(counter(page)).to_have_text("1,234")
    expect(page.locator("[data-petition-count] [data-goal]")).to_have_text("5,000")


