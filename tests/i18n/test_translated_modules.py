"""A module's translation brings its words; where and when it shows stays the original's."""

import pytest
from wagtail.models import Locale
from wagtail.rich_text import RichText

from clarion.layout.actions import publish_module
from clarion.layout.models import Assignment, ModulePage
from clarion.layout.selection import modules_by_position
from tests.factories import build_page_tree
from tests.i18n.translate import translate

pytestmark = pytest.mark.django_db


def body(text):
    return [("rich_text", RichText(f"<p>{text}</p>"))]


def translate_module(module, code, title, publish=True):
    copy = module.copy_for_translation(Locale.objects.get(language_code=code))
    copy.title, copy.body = title, body(title)
    copy.live = False
    copy.save()
    if publish:
        copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


@pytest.fixture
def tree():
    return build_page_tree()


def titles(page, position, language):
    return [(m.title, m.position) for m in modules_by_position(page, language)[position]]


def test_existing_modules_are_in_the_default_language(tree):
    module = publish_module(title="Act now", position="sidebar", body=body("Act"))
    assert module.locale.language_code == "en"


def test_the_translation_brings_words_and_the_original_keeps_placement(tree):
    first = publish_module(title="Act now", position="sidebar", body=body("Act"))
    publish_module(title="Spread the word", position="sidebar", body=body("Spread"))
    persian = translate_module(first, "fa", "اکنون اقدام کنید")
    # The translation drifts: moved to the footer and reordered; none of it counts.
    persian.position, persian.sort_order = "footer", -5
    persian.save()
    fa_home = translate(tree.home, "fa", title="خانه")

    assert titles(fa_home, "sidebar", "fa") == [("اکنون اقدام کنید", "sidebar"), ("Spread the word", "sidebar")]
    assert titles(fa_home, "footer", "fa") == []
    assert titles(tree.home, "sidebar", "en") == [("Act now", "sidebar"), ("Spread the word", "sidebar")]
    assert titles(tree.home, "sidebar", "ar") == [("Act now", "sidebar"), ("Spread the word", "sidebar")]


def test_an_unpublished_original_hides_its_translations_and_a_draft_translation_shows_the_original(tree):
    original = publish_module(title="Act now", position="sidebar", body=body("Act"))
    translate_module(original, "fa", "پیش‌نویس", publish=False)
    assert titles(tree.home, "sidebar", "fa") == [("Act now", "sidebar")]
    original.unpublish()
    assert titles(tree.home, "sidebar", "fa") == []


def test_page_assignments_hold_on_the_pages_translations(tree):
    only_child = publish_module(title="Child only", position="sidebar", body=body("C"),
                                assignment=Assignment.ONLY)
    ModulePage.objects.create(module=only_child, page=tree.section, include_subpages=True)
    translate_module(only_child, "fa", "فقط فرزند")
    fa_child = translate(tree.child, "fa", title="فرزند")
    fa_section = fa_child.get_parent().specific
    fa_sibling = translate(tree.sibling, "fa", title="خواهر")

    assert titles(fa_child, "sidebar", "fa") == [("فقط فرزند", "sidebar")]
    assert titles(fa_section, "sidebar", "fa") == [("فقط فرزند", "sidebar")]
    assert titles(fa_sibling, "sidebar", "fa") == []
    assert titles(tree.grandchild, "sidebar", "en") == [("Child only", "sidebar")]


def test_a_page_in_persian_shows_the_persian_module_text(client, tree):
    module = publish_module(title="Act now", position="sidebar", body=body("Write to the Director."))
    translate_module(module, "fa", "اکنون اقدام کنید")
    translate(tree.home, "fa", title="خانه")
    persian = client.get("/fa/").content.decode()
    assert "اکنون اقدام کنید" in persian and "Act now" not in persian
    assert "Act now" in client.get("/en/").content.decode()
