"""A process remembers each page's translations for as long as it keeps a rendered page (every render's switcher
and alternates ask), and forgets them the moment a page is published, unpublished, deleted or made private."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from clarion.core import translations
from tests.factories import build_campaign_site
from tests.i18n.translate import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 30
    return build_campaign_site()


def languages_of(page):
    return sorted(translations.live_translations(page))


def test_a_second_render_asks_the_database_nothing(site):
    assert languages_of(site.appeal) == ["en"]
    with CaptureQueriesContext(connection) as queries:
        assert languages_of(site.appeal) == ["en"]
    assert len(queries) == 0


def test_a_published_translation_joins_at_once_and_an_unpublished_one_leaves(site):
    assert languages_of(site.appeal) == ["en"]
    persian = translate(site.appeal, "fa", title="جلوی بازگرداندن اجباری را بگیرید")
    assert languages_of(site.appeal) == ["en", "fa"]
    persian.unpublish()
    assert languages_of(site.appeal) == ["en"]


def test_a_translation_made_private_leaves_at_once(site):
    persian = translate(site.appeal, "fa", title="جلوی بازگرداندن اجباری را بگیرید")
    assert languages_of(site.appeal) == ["en", "fa"]
    PageViewRestriction.objects.create(page=persian, restriction_type=PageViewRestriction.LOGIN)
    assert languages_of(site.appeal) == ["en"]


def test_without_a_page_cache_nothing_is_remembered(site, settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 0
    languages_of(site.appeal)
    with CaptureQueriesContext(connection) as queries:
        languages_of(site.appeal)
    assert len(queries) > 0
