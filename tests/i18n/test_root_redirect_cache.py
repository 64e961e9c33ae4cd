"""The page cache keeps each language's pages apart and never keeps the root's per-visitor redirect."""

import pytest

from tests.factories import make_home
from tests.i18n.translate import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def homes(settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 30
    home = make_home("Tamsin Valley Appeal")
    return home, translate(home, "fa", title="کارزار دره تامسین")


def test_the_root_redirect_is_never_kept_for_the_next_visitor(visitor, homes, django_assert_max_num_queries):
    assert visitor("/", HTTP_ACCEPT_LANGUAGE="fa").headers["Location"] == "/fa/"
    english = visitor("/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 302 and english.headers["Location"] == "/en/"
    assert visitor("/", HTTP_ACCEPT_LANGUAGE="fa").headers["Location"] == "/fa/"


def test_each_prefixed_page_is_kept_on_its_own(visitor, homes, django_assert_num_queries):
    persian, english = visitor("/fa/"), visitor("/en/")
    assert '<html lang="fa" dir="rtl"' in persian.text and '<html lang="en" dir="ltr"' in english.text
    with django_assert_num_queries(0):
        assert visitor("/fa/").text == persian.text
        assert visitor("/en/", HTTP_ACCEPT_LANGUAGE="fa").text == english.text
