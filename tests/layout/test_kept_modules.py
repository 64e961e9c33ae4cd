"""A process keeps each language's modules while it keeps rendered pages (every render asks for them), and
forgets them the moment anything that changes a page happens: here, or in another process sharing Redis."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale
from wagtail.rich_text import RichText

from clarion.core import pagecache
from clarion.layout.actions import publish_module
from clarion.layout.models import Assignment, Module, ModulePage
from clarion.layout.selection import modules_by_position
from tests.factories import build_page_tree
from tests.i18n.translate import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 30
    return build_page_tree()


def body(text):
    return [("rich_text", RichText(f"<p>{text}</p>"))]


def module(title, **kwargs):
    return publish_module(title=title, position="sidebar", body=body(title), **kwargs)


def shown(page, language="en"):
    return [m.title for m in modules_by_position(page, language)["sidebar"]]


def test_a_second_render_asks_the_database_nothing_for_modules(tree):
    module("Everywhere")
    section_only = module("Section and below", assignment=Assignment.ONLY)
    ModulePage.objects.create(module=section_only, page=tree.section, include_subpages=True)
    assert shown(tree.grandchild) == ["Everywhere", "Section and below"]
    with CaptureQueriesContext(connection) as queries:
        # A page in the assigned page's own tree is judged by its path: its ancestors are not looked up.
        assert shown(tree.grandchild) == ["Everywhere", "Section and below"]
        assert shown(tree.sibling) == ["Everywhere"]
    assert len(queries) == 0


def test_published_and_unpublished_modules_show_and_leave_at_once(tree):
    first = module("First")
    assert shown(tree.home) == ["First"]
    module("Second")
    assert shown(tree.home) == ["First", "Second"]
    first.unpublish()
    assert shown(tree.home) == ["Second"]


def test_a_module_dragged_to_the_top_moves_at_once(tree, client, django_user_model):
    module("First")
    third = module("Second") and module("Third")
    assert shown(tree.home) == ["First", "Second", "Third"]
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))

    response = client.post(reverse("wagtailsnippets_layout_module:reorder", args=[third.pk]) + "?position=0")

    assert response.status_code == 200
    assert shown(tree.home) == ["Third", "First", "Second"]


def test_an_assignment_removed_takes_the_module_off_at_once(tree):
    only_home = module("Home only", assignment=Assignment.ONLY)
    assignment = ModulePage.objects.create(module=only_home, page=tree.home)
    assert shown(tree.home) == ["Home only"]
    assignment.delete()
    assert shown(tree.home) == []


def test_a_published_translation_brings_its_words_at_once_and_keeps_its_tree_apart(tree):
    original = module("Act now", assignment=Assignment.ONLY)
    ModulePage.objects.create(module=original, page=tree.section, include_subpages=True)
    fa_child = translate(tree.child, "fa", title="فرزند")
    fa_sibling = translate(tree.sibling, "fa", title="خواهر")
    assert shown(fa_child, "fa") == ["Act now"]

    persian = original.copy_for_translation(Locale.objects.get(language_code="fa"))
    persian.title, persian.live = "اکنون اقدام کنید", False
    persian.save()
    persian.save_revision().publish()

    assert shown(fa_child, "fa") == ["اکنون اقدام کنید"]
    assert shown(fa_sibling, "fa") == []
    assert shown(tree.child) == ["Act now"]


def test_a_change_in_another_process_is_seen_within_a_second(tree):
    first = module("First")
    assert shown(tree.home) == ["First"]
    # Another process changed it: no signal ran here, only the shared generation moved; then a second passes.
    Module.objects.filter(pk=first.pk).update(title="First, edited elsewhere")
    assert shown(tree.home) == ["First"]
    cache.incr(pagecache.GENERATION_KEY)
    pagecache._seen["checked"] = float("-inf")
    assert shown(tree.home) == ["First, edited elsewhere"]


def test_kept_modules_are_not_kept_longer_than_a_page(tree, monkeypatch):
    module("First")
    shown(tree.home)
    later = pagecache.time.monotonic() + 31
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: later)
    with CaptureQueriesContext(connection) as queries:
        assert shown(tree.home) == ["First"]
    assert len(queries) > 0


def test_without_a_page_cache_nothing_is_kept(tree, settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 0
    module("First")
    shown(tree.home)
    with CaptureQueriesContext(connection) as queries:
        shown(tree.home)
    assert len(queries) > 0
