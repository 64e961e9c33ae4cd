"""Which page of a petition's translations is the original (the one that counts) is kept while rendered pages
are: the original's own render then asks nothing to know it counts for itself. A locale's language, which
every render asks of its page, is kept until the Locale rows change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from clarion.core.locales import language_of
from clarion.petitions.models import PetitionPage
from tests.i18n.test_count_translations import translate
from tests.petitions.conftest import make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 30
    return make_petition()


def fresh(page):
    return PetitionPage.objects.get(pk=page.pk)


def test_the_original_knows_it_counts_for_itself_without_asking_again(petition):
    assert fresh(petition).counting_petition.pk == petition.pk
    again = fresh(petition)
    with CaptureQueriesContext(connection) as queries:
        assert again.counting_petition is again
    assert len(queries) == 0


def test_translations_made_after_the_original_was_kept_count_into_it(petition):
    assert fresh(petition).counting_petition.pk == petition.pk
    persian = translate(petition, "fa", title="بگذارید بمانند")
    arabic = translate(petition, "ar", title="دعوهم يبقون")
    assert fresh(persian).counting_petition.pk == petition.pk
    assert fresh(arabic).counting_petition.pk == petition.pk
    assert fresh(petition).counting_petition.pk == petition.pk


def test_a_deleted_original_hands_the_count_to_the_next_page_at_once(petition):
    persian = translate(petition, "fa", title="بگذارید بمانند")
    arabic = translate(petition, "ar", title="دعوهم يبقون")
    assert fresh(arabic).counting_petition.pk == petition.pk
    PetitionPage.objects.get(pk=petition.pk).delete()
    assert fresh(arabic).counting_petition.pk == persian.pk


def test_a_locale_renamed_in_the_admin_is_read_afresh():
    locale = Locale.objects.get(language_code="ar")
    assert language_of(locale.pk) == "ar"
    locale.language_code = "ar-eg"
    locale.save()
    assert language_of(locale.pk) == "ar-eg"
    assert language_of(987_654) == ""
