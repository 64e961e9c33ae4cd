"""`make run` shows the demo campaign in English and in Persian: the Persian pages are Wagtail translations of
the English ones (same translation_key), published, in words written for Persian readers, and naming the same
decision day; the Persian petition is the same petition as the English one."""

import io
import re
from datetime import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import Locale, Page, TranslatableMixin

from clarion.demo import content, content_fa
from clarion.demo.build import build_demo
from clarion.layout.models import Module
from clarion.pages.models import AppealPage, ExternalReportPage, HomePage, StandardPage
from clarion.petitions import actions, tokens
from clarion.petitions.counting import count_round, read_counts
from clarion.petitions.models import PetitionPage
from tests.petitions.conftest import HUMAN_ELAPSED_MS

pytestmark = pytest.mark.django_db
LOADED_AT = "2026-12-02 09:00"


@pytest.fixture
def bilingual_demo():
    with freeze_time(LOADED_AT):
        return build_demo(translate=True)


def in_language(model, code):
    return model.objects.get(locale__language_code=code)


@pytest.mark.parametrize("model", [HomePage, AppealPage, PetitionPage])
def test_the_persian_page_is_a_published_translation_of_the_english_one(bilingual_demo, model):
    english, persian = in_language(model, "en"), in_language(model, "fa")

    assert persian.translation_key == english.translation_key
    assert persian.get_translation(Locale.objects.get(language_code="en")) == english
    assert persian.live and not persian.has_unpublished_changes
    assert persian.title != english.title


def test_every_english_page_has_its_persian_translation_under_the_persian_home(bilingual_demo):
    home_fa = in_language(HomePage, "fa")
    english = Page.objects.filter(locale__language_code="en", depth__gt=1)
    persian = home_fa.get_descendants(inclusive=True)

    assert sorted(persian.values_list("translation_key", flat=True)) == sorted(
        english.values_list("translation_key", flat=True))
    assert all(page.live for page in persian)
    assert set(StandardPage.objects.filter(locale__language_code="fa").values_list("title", flat=True)) == {
        content_fa.ABOUT_TITLE, content_fa.PRIVACY_TITLE, content_fa.CONTACT_TITLE}


def test_the_persian_petition_reads_in_persian(bilingual_demo):
    petition = in_language(PetitionPage, "fa")

    assert (petition.title, petition.demand, petition.target_title) == (
        content_fa.PETITION_TITLE, content_fa.PETITION_DEMAND, content_fa.PETITION_TARGET_TITLE)
    assert (petition.consent_text, petition.name_to_target_text) == (
        content_fa.CONSENT_TEXT, content_fa.NAME_TO_TARGET_TEXT)
    assert petition.privacy_page.specific.title == content_fa.PRIVACY_TITLE
    assert [t.message for t in petition.thresholds.all()] == [m for _n, m in content_fa.PETITION_THRESHOLDS]
    # Its deadline and goal are the petition's, not a translator's.
    english = in_language(PetitionPage, "en")
    assert (petition.closes_at, petition.goal) == (english.closes_at, english.goal)


def test_the_persian_home_and_appeal_lead_to_the_persian_pages(bilingual_demo):
    home, appeal = in_language(HomePage, "fa"), in_language(AppealPage, "fa")
    petition = in_language(PetitionPage, "fa")

    assert [(s.value["alt_text"], s.value["caption"]) for s in home.slides] == content_fa.SLIDES
    assert home.slideshow_label == content_fa.SLIDESHOW_LABEL
    assert home.slides[0].value["link"]["page"].pk == petition.pk
    assert home.slides[7].value["link"]["page"].pk == appeal.pk
    assert [block.value.pk for block in home.featured_appeals] == [appeal.pk]
    # The same pictures as in English: only the words are translated.
    english = in_language(HomePage, "en")
    assert [s.value["image"].pk for s in home.slides] == [s.value["image"].pk for s in english.slides]
    blocks = {block.block_type: block.value for block in appeal.body}
    assert blocks["petition"]["petition"].pk == petition.pk
    assert blocks["news_link"]["page"].locale.language_code == "fa"
    assert blocks["quote"]["quote"] == content_fa.APPEAL_QUOTE[0]


def test_the_persian_copy_names_the_same_decision_day_in_persian_digits(bilingual_demo):
    decided_on = content.decision_day(datetime.fromisoformat(LOADED_AT).date())
    persian_day = content_fa.dated("{decision}", decided_on)
    assert persian_day == "۱۶ دسامبر"

    home, appeal = in_language(HomePage, "fa"), in_language(AppealPage, "fa")
    for text in (home.intro, appeal.lead):
        assert persian_day in text and "{decision}" not in text
    assert content.dated("{decision}", decided_on) in in_language(HomePage, "en").intro


def test_a_site_that_does_not_speak_persian_gets_the_english_demo_only(settings):
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [("en", "English")]
    build_demo(translate=True)

    assert not Page.objects.filter(locale__language_code="fa").exists()
    assert HomePage.objects.get().title == content.SITE_NAME


def test_loading_the_demo_again_changes_nothing(bilingual_demo):
    pages = list(Page.objects.order_by("pk").values_list("pk", "locale__language_code"))
    output = io.StringIO()

    call_command("load_demo", stdout=output)

    assert "demo not loaded" in output.getvalue()
    assert list(Page.objects.order_by("pk").values_list("pk", "locale__language_code")) == pages


@pytest.mark.skipif(not issubclass(Module, TranslatableMixin), reason="needs i18n-urls (translatable modules)")
def test_every_module_has_its_persian_translation(bilingual_demo):
    english = Module.objects.filter(locale__language_code="en")
    persian = {m.translation_key: m for m in Module.objects.filter(locale__language_code="fa")}

    assert len(persian) == english.count() == 4
    for module in english:
        translation = persian[module.translation_key]
        assert translation.live and translation.position == module.position
        assert translation.title != module.title
    offcanvas = persian[english.get(position="offcanvas").translation_key]
    assert offcanvas.title == content_fa.OFFCANVAS_TITLE
    assert "سه نفر" in str(offcanvas.body.render_as_block())


def test_signing_the_persian_petition_counts_on_the_english_one(bilingual_demo):
    english, persian = in_language(PetitionPage, "en"), in_language(PetitionPage, "fa")
    with freeze_time(timezone.now()):
        signing = actions.sign_petition(persian, name="Amir Karimi", email="amir.karimi@example.org",
                                        country="SE", elapsed_ms=int(HUMAN_ELAPSED_MS))
        actions.confirm_signature(tokens.confirmation_token(signing.signature))
        count_round()

    assert read_counts(english.pk)["total"] == 1


def test_every_persian_page_answers_at_its_address(bilingual_demo, client):
    """Walked like a visitor: each live Persian page is served at its /fa/ address, in Persian (a stale copy of
    the home page once published it without children, and every page below /fa/ was a 404)."""
    persian = Page.objects.live().filter(locale__language_code="fa", depth__gt=1)
    assert persian.count() >= 9
    for page in persian.specific():
        response = client.get(page.url)
        if isinstance(page, ExternalReportPage):  # a report published elsewhere: its page sends readers there
            assert response.status_code == 302 and response["Location"] == page.external_url, page.url
            continue
        assert response.status_code == 200, page.url
        assert b'lang="fa" dir="rtl"' in response.content, page.url


def test_the_demo_alert_reaches_persian_readers_in_persian_and_links_the_persian_petition(bilingual_demo):
    from clarion.alerts.compose import Composer
    from clarion.alerts.models import Mailing
    from clarion.supporters.models import Supporter

    composer = Composer(Mailing.objects.get())
    amir = Supporter.objects.get(email="amir.karimi@example.org")
    jane = Supporter.objects.get(email="jane.okafor@example.org")

    subject, text, html, _headers = composer.render(amir)
    assert subject.startswith("Amir، چهار روز مانده")
    assert text.startswith("Amir عزیز،") and re.search("روز [۰-۹]+ دسامبر", text)  # Persian digits
    assert in_language(PetitionPage, "fa").url in text and 'dir="rtl"' in html
    english_subject, english_text, _html, _headers = composer.render(jane)
    assert english_subject.startswith("Jane, four days") and in_language(PetitionPage, "en").url in english_text
