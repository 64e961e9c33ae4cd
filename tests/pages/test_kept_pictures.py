"""A process keeps each drawn <picture> while it keeps rendered pages: a slideshow's eleven pictures were a third
of the home page's render. An image given a new focal point or a new file is drawn afresh at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clarion.core import pagecache
from clarion.pages.templatetags import picture_tags
from clarion.pages.templatetags.picture_tags import picture_of
from tests.factories import jpeg_bytes, make_image, save_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def image(settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 30
    return make_image()


def drawn(image, **attrs):
    with CaptureQueriesContext(connection) as queries:
        html = picture_of(image, "slide", alt="Camp at dawn", sizes="100vw", **attrs)
    return html, len(queries)


def test_a_picture_drawn_again_is_the_one_kept(image):
    first, asked = drawn(image)
    assert asked > 0 and first.count("<source") == 1 and "<img" in first
    again, asked_again = drawn(image)
    # The very string kept (a fresh drawing would be another string, equal or not), and no query for it.
    assert again is first and asked_again == 0
    # Other attributes are another picture, not the kept one with the wrong alt text or loading.
    other, _ = drawn(image, loading="lazy")
    assert 'loading="lazy"' in other and 'loading="lazy"' not in first


def test_a_new_focal_point_is_drawn_at_once(image):
    before, _ = drawn(image)
    assert drawn(image)[0] is before
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 40, 30, 20, 20
    image.save()
    after, asked = drawn(type(image).objects.get(pk=image.pk))
    assert asked > 0 and after != before


def test_a_new_file_is_drawn_at_once(image):
    before, _ = drawn(image)
    replacement = save_image("Camp at dusk", jpeg_bytes(colour=(10, 200, 30)), "dusk.jpg")
    image.file, image.file_hash = replacement.file, replacement.file_hash
    image.save()
    image.renditions.all().delete()  # as Wagtail's edit view does when the file is replaced
    after, asked = drawn(type(image).objects.get(pk=image.pk))
    assert asked > 0 and after != before and replacement.file.name.rsplit(".", 1)[0].split("/")[-1] in after


def test_a_change_to_pages_forgets_kept_pictures(image):
    first, _ = drawn(image)
    pagecache.forget_pages()
    again, _ = drawn(image)
    assert again == first and again is not first


def test_pictures_no_longer_asked_for_are_dropped_when_pages_change(image):
    """An editor's new alt text is a new key; the old one is dropped, not kept for ever in a long-lived process."""
    drawn(image)
    drawn(image, title="Old wording")
    assert len(picture_tags._pictures._kept) == 2
    pagecache.forget_pages()
    drawn(image, title="New wording")
    assert len(picture_tags._pictures._kept) == 1


def test_nothing_is_kept_without_a_page_cache(image, settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 0
    first, _ = drawn(image)
    again, _ = drawn(image)
    assert again == first and again is not first
