"""Miriam signs a petition: one pending signature, one e-mail, the same answer whoever she is, and clear
messages when something she sent cannot be taken."""

import re

import pytest
from django.db import DatabaseError

from clarion.core.emails import canonical_email
from clarion.layout.actions import publish_module
from clarion.mail.models import OutboxMessage
from clarion.pages.models import AppealPage
from clarion.petitions import actions, tokens
from clarion.petitions.models import PetitionPage, PetitionState, Signature
from tests.petitions.conftest import CONFIRM_LINK, change_settings, deliver_outbox, form_data, sign

pytestmark = pytest.mark.django_db

CHECK_EMAIL = "Check your e-mail"


def outbox_subjects(to):
    deliver_outbox()
    return list(OutboxMessage.objects.filter(to=to).order_by("pk").values_list("subject", flat=True))


def test_supporter_signs_and_is_asked_to_check_her_email(client, petition):
    response = sign(client, petition, name="Miriam Rezaei", email="Miriam@Example.org", country="IR",
                    comment="My cousin lives in the camp.")

    assert response.status_code == 302
    assert response["Location"] == f"/petitions/{petition.pk}/check-your-email/"
    assert CHECK_EMAIL in client.get(response["Location"]).content.decode()
    signature = Signature.objects.get()
    assert (signature.name, signature.email, signature.canonical_email) == (
        "Miriam Rezaei", "Miriam@Example.org", "miriam@example.org")
    assert (signature.state, signature.country.code, signature.ip_address) == ("pending", "IR", "198.51.100.20")
    assert signature.comment_state == "pending"
    [mail] = OutboxMessage.objects.all()
    # Written at delivery, not while she waits: signing stored one small row.
    assert (mail.to, mail.template, mail.subject, mail.text_body) == ("Miriam@Example.org", "petitions/confirm", "", "")
    deliver_outbox()
    mail.refresh_from_db()
    assert mail.status == "sent"
    assert mail.subject == f"Please confirm your signature: {petition.title}"
    assert "/petitions/confirm/" in mail.text_body and "/petitions/confirm/" in mail.html_body


def test_no_signature_is_kept_when_its_confirmation_email_cannot_be_written(petition, monkeypatch):
    def outbox_unavailable(*args, **kwargs):
        raise DatabaseError("outbox table is locked")

    monkeypatch.setattr(actions, "queue_deferred_mail", outbox_unavailable)

    with pytest.raises(DatabaseError):
        actions.sign_petition(petition, name="Miriam Rezaei", email="miriam@example.org", country="DE")

    assert not Signature.objects.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(("typed", "canonical"), [
    ("Miriam@Example.ORG", "miriam@example.org"),
    ("Miriam.Rezaei+petitions@gmail.com", "miriamrezaei@gmail.com"),
    ("m.i.r.i.a.m@GoogleMail.com", "miriam@gmail.com"),
    ("miriam+news@outlook.com", "miriam@outlook.com"),
    ("miriam.rezaei@outlook.com", "miriam.rezaei@outlook.com"),
    ("miriam.rezaei+news@example.org", "miriam.rezaei+news@example.org"),
])
def test_one_person_has_one_canonical_address(typed, canonical):
    assert canonical_email(typed) == canonical


def test_an_operator_can_declare_more_domain_aliases(settings):
    settings.CLARION_EMAIL_DOMAIN_ALIASES = {**settings.CLARION_EMAIL_DOMAIN_ALIASES, "proton.me": "pm.me"}

    assert canonical_email("miriam+news@Proton.me") == "miriam@pm.me"
    assert canonical_email("miriam@googlemail.com") == "miriam@gmail.com"


def test_signing_again_shows_the_same_screen_and_mails_a_link_of_its_own(client, petition):
    fresh = client.post(petition.get_sign_url(), form_data(email="miriam.rezaei@gmail.com"), follow=True)
    again = client.post(petition.get_sign_url(), form_data(email="MiriamRezaei+2@googlemail.com"), follow=True)

    assert fresh.redirect_chain == again.redirect_chain
    assert fresh.content == again.content
    # Each submission is its own entry with its own link: clicking one applies exactly what was sent with it.
    assert Signature.objects.count() == 2
    assert outbox_subjects("miriam.rezaei@gmail.com") == [f"Please confirm your signature: {petition.title}"]
    assert outbox_subjects("MiriamRezaei+2@googlemail.com") == [f"Please confirm your signature: {petition.title}"]
    links = [CONFIRM_LINK.search(body).group(0) for body in OutboxMessage.objects.values_list("text_body", flat=True)]
    assert len(set(links)) == 2


def test_a_confirmed_supporter_signing_again_is_told_she_already_signed(client, petition):
    sign(client, petition)
    actions.confirm_signature(tokens.confirmation_token(Signature.objects.get()))

    sign(client, petition, email="MIRIAM@example.org")

    # To the address she confirmed from, however she spelled it this time.
    assert outbox_subjects("miriam@example.org")[-1] == f"You have already signed: {petition.title}"
    assert Signature.objects.count() == 1


def test_mails_to_one_address_about_a_petition_are_limited(client, petition):
    change_settings(address_mail_limit=2)
    sign(client, petition)

    for _ in range(5):
        assert sign(client, petition)["Location"].endswith("/check-your-email/")

    assert len(outbox_subjects("miriam@example.org")) == 2
    assert Signature.objects.count() == 2  # beyond the limit nothing is stored either


def confirm_each(signatures):
    return [actions.confirm_signature(tokens.confirmation_token(s)).outcome for s in signatures]


def test_by_default_one_address_counts_once_whatever_name_is_given(client, petition):
    sign(client, petition, name="Miriam Rezaei", postal_code="10115")
    sign(client, petition, name="Dariush Rezaei", postal_code="10115")

    assert confirm_each(Signature.objects.order_by("pk")) == ["confirmed", "replaced"]
    [kept] = Signature.objects.all()
    assert (kept.name, kept.state) == ("Miriam Rezaei", "validated")


def test_household_rule_lets_a_second_person_at_the_same_address_sign(client, petition):
    change_settings(household_rule=True, address_mail_limit=5)

    sign(client, petition, name="Miriam Rezaei", postal_code="10115")
    sign(client, petition, name="Dariush Rezaei", postal_code="10 115")
    sign(client, petition, name="miriam  rezaei", postal_code="10115")

    assert confirm_each(Signature.objects.order_by("pk")) == ["confirmed", "confirmed", "replaced"]
    assert sorted(Signature.objects.values_list("name", flat=True)) == ["Dariush Rezaei", "Miriam Rezaei"]


@pytest.mark.parametrize(("field", "value"), [
    ("email", None),
    ("email", "miriam-at-example.org"),
    ("email", "miriam@example.org, boss@example.org"),
    ("country", "XX"),
    ("name", ""),
    ("name", "M" * 121),
    ("email", "m" * 250 + "@example.org"),
    ("postal_code", "1" * 21),
    ("comment", "Because " * 70),
])
def test_a_mistake_in_the_form_is_shown_beside_the_field(client, petition, field, value):
    response = sign(client, petition, **{field: value})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-petition-form' in html
    # The field says it is wrong and points to the note that says why.
    assert f'id="id_{field}_error"' in html
    [control] = re.findall(rf'<(?:input|select|textarea)[^>]*name="{field}"[^>]*>', html)
    assert 'aria-invalid="true"' in control and f'aria-describedby="id_{field}_error"' in control
    assert not Signature.objects.exists()


@pytest.mark.parametrize("name", ["Miriam https://spam.example", "www.cheap-pills.example", "<b>Miriam</b>",
                                  "Miriam<script>alert(1)</script>"])
def test_a_name_with_a_link_or_markup_is_refused(client, petition, name):
    response = sign(client, petition, name=name)

    assert response.status_code == 400
    assert "Please give just your name, without links or markup." in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()
    assert not Signature.objects.exists()


@pytest.mark.parametrize(("name", "shown"), [
    ("مریم رضایی", "مریم"), ("محمد", "محمد"), ("Zoë 🌻", "Zoë"), ("D'Arcy O'Neill", "D&#x27;Arcy"),
])
def test_names_in_any_script_are_kept_exactly_and_shown_safely(client, petition, name, shown):
    sign(client, petition, name=name, show_name="on")
    signature = Signature.objects.get()
    actions.confirm_signature(tokens.confirmation_token(signature))

    assert Signature.objects.get().name == name
    html = client.get(petition.url).content.decode()
    assert f"<li><bdi>{shown}</bdi>, Germany</li>" in html  # isolated: any script, any direction


def test_a_signer_who_did_not_opt_in_is_not_listed(client, petition):
    sign(client, petition, name="Zoë Quiet")
    actions.confirm_signature(tokens.confirmation_token(Signature.objects.get()))

    assert "Zoë" not in client.get(petition.url).content.decode()


def test_an_oversized_submission_is_refused_with_413(client, petition):
    response = sign(client, petition, comment="x" * (1024 * 1024 + 1))

    assert response.status_code == 413
    assert "That was too much to send" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_form_posted_from_another_site_is_refused(client, petition):
    response = client.post(petition.get_sign_url(), form_data(), HTTP_ORIGIN="https://evil.example")

    assert response.status_code == 403
    assert "Please sign on this site" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_form_posted_from_this_site_is_taken(client, petition, settings):
    settings.CLARION_BASE_URL = "http://testserver"
    response = client.post(petition.get_sign_url(), form_data(), HTTP_ORIGIN="http://testserver")

    assert response.status_code == 302


@pytest.mark.parametrize(("state", "explanation"), [
    (PetitionState.CLOSED, "It has closed; thank you for wanting to sign."),
    (PetitionState.DRAFT, "It has not opened yet."),
])
def test_a_petition_not_taking_signatures_says_so(client, petition, state, explanation):
    petition.state = state
    petition.save_revision().publish()

    response = sign(client, petition)

    assert response.status_code == 403
    assert "This petition is not taking signatures" in response.content.decode()
    assert explanation in response.content.decode()
    assert not Signature.objects.exists()


@pytest.mark.parametrize("odd", [
    {"elapsed": "soon"}, {"elapsed": "-5"}, {"elapsed": "9" * 40}, {"name": "   "}, {"country": ""},
    {"email": "miriam@example.org\r\nBcc: everyone@example.org"}, {"opt_in": "maybe"}, {"website": None},
])
def test_odd_submissions_never_break_the_site(client, petition, odd):
    response = sign(client, petition, **odd)

    assert response.status_code in (302, 400)


def test_a_garbled_content_length_is_a_client_error(client, petition):
    response = client.generic("POST", petition.get_sign_url(), b"name=Miriam",
                              content_type="application/x-www-form-urlencoded", CONTENT_LENGTH="lots")

    assert 400 <= response.status_code < 500


def test_a_wrong_petition_or_method_is_refused_plainly(client, petition):
    assert client.post(f"/petitions/{petition.pk + 1000}/sign/", form_data()).status_code == 404
    assert client.get(petition.get_sign_url()).status_code == 405


def test_the_petition_page_is_the_same_for_everyone_and_cacheable(client, petition):
    response = client.get(petition.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert f'<link rel="alternate" type="application/json" href="/petitions/{petition.pk}/count.json"' in html
    assert f'action="/petitions/{petition.pk}/sign/"' in html


def test_the_appeal_page_carries_the_petition_form_and_counter(client, demo):
    petition = PetitionPage.objects.get()
    html = client.get("/en/stop-the-forced-return/").content.decode()

    assert f'action="/petitions/{petition.pk}/sign/"' in html
    assert f'data-petition-count="/petitions/{petition.pk}/count.json"' in html
    assert 'name="email"' in html and 'name="country"' in html



def test_petition_and_appeal_pages_load_each_signing_script_once(client, demo):
    petition = PetitionPage.objects.get()
    appeal = AppealPage.objects.get(slug="stop-the-forced-return")
    # A second signing form on every page, beside the petition page's own and the appeal's petition block.
    publish_module(title="Sign here too", position="sidebar", body=[
        ("petition", {"petition": petition, "show_form": True})])

    for page in (petition, appeal):
        html = client.get(page.url).content.decode()
        assert html.count(f'action="/petitions/{petition.pk}/sign/"') == 2, page.title
        for script in ("clarion/js/petition.js", "clarion/js/email-suggest.js"):
            assert html.count(f'src="/static/{script}"') == 1, (page.title, script)


def test_a_post_that_is_not_a_web_form_is_refused_with_415(client, petition):
    response = client.post(petition.get_sign_url(), '{"name": "J", "email": "j@example.org"}',
                           content_type="application/json")

    assert response.status_code == 415
    assert "web form only" in response.content.decode()
    assert not Signature.objects.exists()


@pytest.fixture
def frozen_second(monkeypatch):
    """Every refusal in this test falls within one second of the meter's clock."""
    from clarion.petitions import refusals

    monkeypatch.setattr(refusals.time, "monotonic", lambda: 1000.5)


def test_a_flood_of_bad_posts_gets_short_answers_and_signing_goes_on(client, petition, settings, frozen_second,
                                                                     caplog):
    settings.CLARION_SIGN_FULL_REFUSALS_PER_SECOND = 2
    answers = [sign(client, petition, email="not-an-address") for _ in range(5)]

    assert [a.status_code for a in answers] == [400] * 5
    full, short = [a.content.decode() for a in answers[:2]], [a.content.decode() for a in answers[2:]]
    assert all("data-petition-form" in html and 'id="id_email_error"' in html for html in full)
    for html in short:
        assert "data-petition-form" not in html
        assert "Your signature was not recorded" in html
        assert "Your e-mail address: Enter a valid email address." in html
        assert f'href="{petition.url}"' in html
    assert "too much to send" in sign(client, petition, comment="x" * (1024 * 1024 + 1)).content.decode()
    # The log has Django's line for each full answer only; the short ones are counted once a minute.
    assert len([r for r in caplog.records if r.name == "django.request"]) == 2
    # Refusals never stand in the way of a good signature.
    assert sign(client, petition).status_code == 302
    assert Signature.objects.count() == 1


def test_refusals_beyond_the_full_answers_are_summed_up_in_the_log_once_a_minute(settings, caplog):
    from clarion.petitions.refusals import Meter

    settings.CLARION_SIGN_FULL_REFUSALS_PER_SECOND = 3
    meter = Meter()
    answers = [meter.full_answer(now=60.0 + i / 100) for i in range(10)] + [meter.full_answer(now=61.2)]

    assert answers == [True] * 3 + [False] * 7 + [True]
    assert not caplog.records
    meter.full_answer(now=125.0)
    assert [r.getMessage() for r in caplog.records] == [
        "Signing refused 11 bad posts in a minute; 7 got the short answer (more than 3 a second in this process)."
    ]


class Unreadable:
    """A request body that must not be read."""

    def read(self, *args):
        raise AssertionError("the post was read")

    readline = read


def test_an_address_refused_again_and_again_is_answered_429_without_its_post_being_read(wsgi, petition, settings):
    from urllib.parse import urlencode

    settings.CLARION_SIGN_REFUSALS_PER_ADDRESS = 3
    settings.CLARION_TRUSTED_PROXIES = ["127.0.0.1"]
    path = petition.get_sign_url()
    form = "application/x-www-form-urlencoded"

    def post(address, body, **extra):
        return wsgi("POST", path, body.encode(), CONTENT_TYPE=form, HTTP_X_FORWARDED_FOR=address, **extra)

    bad = urlencode(form_data(email="not-an-address"))
    assert [post("203.0.113.9", bad)[0] for _ in range(3)] == ["400 Bad Request"] * 3

    status, headers, body = post("203.0.113.9", "", **{"wsgi.input": Unreadable(), "CONTENT_LENGTH": "900"})
    assert status == "429 Too Many Requests" and headers["Retry-After"] == "60"
    assert "Please wait a minute" in body.decode()
    # Another address signs as ever, and nothing was lost.
    assert post("198.51.100.7", urlencode(form_data()))[0] == "302 Found"
    assert Signature.objects.count() == 1


def test_requests_without_a_known_address_never_share_one_refusal_limit(settings):
    from clarion.petitions.refusals import AddressMeter

    settings.CLARION_SIGN_REFUSALS_PER_ADDRESS = 2
    meter = AddressMeter()
    for _ in range(5):
        meter.count(None, now=30.0)
        meter.count("203.0.113.9", now=30.0)

    assert not meter.over_limit(None, now=31.0)
    assert meter.over_limit("203.0.113.9", now=31.0)
    assert not meter.over_limit("203.0.113.9", now=61.0)  # a new minute starts afresh
