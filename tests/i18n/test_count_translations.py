"""One petition, one count, many languages: a PetitionPage translation is the same petition. Signing on any
of its pages stores the signature on the original (the counting petition) with the language it was made in."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from clarion.petitions import actions, counting, display
from clarion.petitions.models import PetitionPage, PetitionState, PetitionThreshold, Signature
from tests.factories import publish
from tests.petitions.conftest import confirmed, make_petition, sign

pytestmark = pytest.mark.django_db


def another(petition, slug, **fields):
    """A second petition beside the first, on the same site."""
    return publish(petition.get_parent().specific, PetitionPage(
        title=fields.pop("title", "Another petition"), slug=slug, target_name="Oren Vale",
        demand="Another demand.", **fields))


def translate(page, code="fa", **fields):
    """What an editor does: copy the page into another locale, write its texts, publish it."""
    locale, _created = Locale.objects.get_or_create(language_code=code)
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return type(page).objects.get(pk=translation.pk)


@pytest.fixture
def petition():
    return make_petition()


@pytest.fixture
def persian(petition):
    return translate(petition, title="بگذارید خانواده‌ها بمانند", demand="دستور بازگشت را لغو کنید.",
                     consent_text="بله، مرا در جریان بگذارید.")


def test_the_original_counts_for_its_translations(petition, persian):
    assert persian.counting_petition.pk == petition.pk
    assert petition.counting_petition is petition
    assert another(petition, "alone").counting_petition.pk != petition.pk


def test_a_signature_on_the_translation_goes_to_the_original_with_its_language(client, petition, persian):
    response = sign(client, persian, email="darya@example.org", opt_in="on")
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.petition_id == petition.pk
    assert signature.language == "fa"
    assert signature.consent_text == "بله، مرا در جریان بگذارید."  # the words the signer was shown
    assert response["Location"] == f"/petitions/{persian.pk}/check-email/" or str(persian.pk) in response["Location"]


def test_the_same_address_on_two_languages_is_one_signature(client, petition, persian):
    confirmed(petition, "darya@example.org")
    assert sign(client, persian, email="Darya@example.org").status_code == 302
    assert Signature.objects.filter(confirmed_at__isnull=False).count() == 1
    assert Signature.objects.filter(confirmed_at__isnull=True).count() == 0  # "already signed", nothing stored
    confirmed(persian, "sam@example.org")
    counting.count_round()
    assert client.get(persian.get_count_url()).json()["signature_count"] == 2
    assert client.get(petition.get_count_url()).json()["signature_count"] == 2


def test_count_json_of_a_translation_is_the_originals(client, petition, persian):
    confirmed(petition, "a@example.org")
    confirmed(persian, "b@example.org")
    counting.count_round()
    original, translated = client.get(petition.get_count_url()).json(), client.get(persian.get_count_url()).json()
    assert translated["petition"] == original["petition"] == petition.pk
    assert translated["signature_count"] == original["signature_count"] == 2
    assert translated["title"] == "بگذارید خانواده‌ها بمانند"
    for field in ("goal", "state", "closes_at", "signatures_by_country", "count_shown"):
        assert translated[field] == original[field]


def test_the_translated_page_shows_the_one_count(petition, persian):
    confirmed(persian, "a@example.org")
    confirmed(petition, "b@example.org")
    counting.count_round()
    context = display.petition_context(PetitionPage.objects.get(pk=persian.pk))
    assert context["signature_count"] == 2
    assert context["petition"].demand == "دستور بازگشت را لغو کنید."
    assert context["form"].fields["opt_in"].label == "بله، مرا در جریان بگذارید."


def test_a_closed_petition_whose_translation_still_says_open_refuses(client, petition, persian):
    petition.state = PetitionState.CLOSED
    petition.save_revision().publish()
    assert persian.state == PetitionState.OPEN  # the translation's own copy of the setting is not read
    response = sign(client, type(persian).objects.get(pk=persian.pk), email="late@example.org")
    assert response.status_code == 403
    assert not Signature.objects.exists()


def test_dates_are_read_from_the_original(client, petition, persian):
    petition.closes_at = timezone.now() - timedelta(minutes=1)
    petition.save_revision().publish()
    persian.closes_at = timezone.now() + timedelta(days=30)
    persian.save_revision().publish()
    assert sign(client, persian, email="late@example.org").status_code == 403
    assert client.get(persian.get_count_url()).json()["state"] == "closed"


def test_a_translation_of_one_petition_cannot_sign_another(client, petition, persian):
    other = another(petition, "other")
    response = client.post(other.get_sign_url(), {"name": "X", "email": "x@example.org", "country": "DE",
                                                  "website": "", "elapsed": "8000", "petition": persian.pk})
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.petition_id == other.pk and signature.language == "en"
    assert not Signature.objects.filter(petition=petition).exists()


def test_settings_of_the_form_come_from_the_original(client, petition, persian):
    petition.ask_comment = False
    petition.postal_code = "required"
    petition.save_revision().publish()
    response = sign(client, type(persian).objects.get(pk=persian.pk), email="p@example.org", postal_code="")
    assert response.status_code == 400  # the original requires a postal code, whatever the copy says


def test_check_email_and_thanks_speak_the_pages_language(client, petition, persian):
    for name in ("check_email", "thanks"):
        html = client.get(reverse(f"petitions:{name}", args=[persian.pk])).content.decode()
        assert '<html lang="fa" dir="rtl"' in html, name
        html = client.get(reverse(f"petitions:{name}", args=[petition.pk])).content.decode()
        assert '<html lang="en" dir="ltr"' in html, name


def test_confirming_leads_to_a_thanks_page_in_the_language_signed_in(client, petition, persian):
    from clarion.petitions import tokens

    signature = actions.sign_petition(persian, name="Darya", email="d@example.org", country="IR",
                                      elapsed_ms=8000).signature
    response = client.get(f"/petitions/confirm/{tokens.confirmation_token(signature)}/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl"' in html
    assert "بگذارید خانواده‌ها بمانند" in html


def test_the_embed_and_api_language_is_recorded(petition, persian):
    signature = actions.sign_petition(petition, name="Darya", email="d@example.org", country="IR",
                                      elapsed_ms=8000, language="fa-IR").signature
    assert signature.language == "fa" and signature.petition_id == petition.pk
    signature = actions.sign_petition(persian, name="Sam", email="s@example.org", country="IR",
                                      elapsed_ms=8000, language="xx").signature
    assert signature.language == "fa"  # a language the site does not speak: the page's own


def test_a_reached_threshold_speaks_the_translations_words_in_its_banner_and_its_timeline(client, petition):
    PetitionThreshold.objects.create(petition=petition, count=2, message="Two of us already!")
    petition = PetitionPage.objects.get(pk=petition.pk)
    persian = translate(petition, title="بگذارید خانواده‌ها بمانند")
    persian.thresholds.update(message="دو نفر شدیم!")
    confirmed(petition, "a@example.org")
    confirmed(persian, "b@example.org")
    counting.count_round()

    context = display.petition_context(PetitionPage.objects.get(pk=persian.pk))
    threshold_events = [event for event in context["timeline"] if event.kind == "threshold"]

    assert context["threshold"].message == "دو نفر شدیم!"
    assert [event.details["message"] for event in threshold_events] == ["دو نفر شدیم!"]
    english = display.petition_context(PetitionPage.objects.get(pk=petition.pk))
    assert [e.details["message"] for e in english["timeline"] if e.kind == "threshold"] == ["Two of us already!"]
    page = client.get(persian.url).content.decode()
    assert "دو نفر شدیم!" in page and "Two of us already!" not in page
