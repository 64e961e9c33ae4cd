"""Which modules a visitor sees, where, in which order, and when."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import RichText

from clarion.layout.actions import publish_module
from clarion.layout.models import Assignment, Module
from clarion.layout.selection import modules_by_position
from tests.factories import build_page_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_page_tree()


def body(text="Write to the Director today."):
    return [("rich_text", RichText(f"<p>{text}</p>"))]


def module(title, position="sidebar", **kwargs):
    return publish_module(title=title, position=position, body=body(), **kwargs)


def shown(page, position="sidebar"):
    return [m.title for m in modules_by_position(page)[position]]


def test_each_module_shows_in_its_own_position(tree):
    module("Act now", "sidebar")
    module("About us", "footer")
    module("Spread the word", "offcanvas")

    positions = modules_by_position(tree.home)

    assert [m.title for m in positions["sidebar"]] == ["Act now"]
    assert [m.title for m in positions["footer"]] == ["About us"]
    assert [m.title for m in positions["offcanvas"]] == ["Spread the word"]
    assert positions["top"] == []


def test_editor_reorders_modules_and_the_lower_sort_order_comes_first(tree):
    first, second, third = module("First"), module("Second"), module("Third")
    assert shown(tree.home) == ["First", "Second", "Third"]

    for sort_order, item in enumerate([third, first, second]):
        Module.objects.filter(pk=item.pk).update(sort_order=sort_order)

    assert shown(tree.home) == ["Third", "First", "Second"]


def test_modules_keep_the_order_they_were_published_in(tree):
    for title in ("First", "Second", "Third"):
        module(title)
    assert shown(tree.home) == ["First", "Second", "Third"]


def test_editor_drags_a_published_module_to_the_top_in_the_admin(tree, client, django_user_model):
    # Modules come from publish_module (demo data, imports); the editor then reorders them by dragging.
    module("First")
    module("Second")
    third = module("Third")
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)

    response = client.post(reverse("wagtailsnippets_layout_module:reorder", args=[third.pk]) + "?position=0")

    assert response.status_code == 200
    assert shown(tree.home) == ["Third", "First", "Second"]


def test_module_scheduled_for_later_is_hidden_until_its_time(tree):
    module("Tomorrow", go_live_at=timezone.now() + timedelta(days=1))
    assert shown(tree.home) == []


def test_live_module_whose_window_has_not_opened_yet_is_hidden(tree):
    # Live but scheduled (e.g. an editor moved go-live forward): the window, not only `live`, decides.
    later = module("Later")
    Module.objects.filter(pk=later.pk).update(go_live_at=timezone.now() + timedelta(hours=2))
    assert shown(tree.home) == []


def test_module_past_its_expiry_is_hidden(tree):
    module("Yesterday's news", expire_at=timezone.now() - timedelta(minutes=1))
    assert shown(tree.home) == []


def test_module_inside_its_publish_window_is_shown(tree):
    now = timezone.now()
    module("This week", go_live_at=now - timedelta(days=1), expire_at=now + timedelta(days=6))
    assert shown(tree.home) == ["This week"]


@pytest.mark.parametrize(
    ("assignment", "include_subpages", "expected"),
    [
        (Assignment.ALL, False, {"home", "section", "child", "grandchild", "sibling"}),
        (Assignment.ONLY, False, {"section"}),
        (Assignment.ONLY, True, {"section", "child", "grandchild"}),
        (Assignment.EXCEPT, False, {"home", "child", "grandchild", "sibling"}),
        (Assignment.EXCEPT, True, {"home", "sibling"}),
    ],
)
def test_module_shows_on_the_pages_it_is_assigned_to(tree, assignment, include_subpages, expected):
    pages = [] if assignment == Assignment.ALL else [(tree.section, include_subpages)]
    item = module("Assigned", assignment=assignment, pages=pages)

    names = ["home", "section", "child", "grandchild", "sibling"]
    seen_on = {name for name in names if "Assigned" in shown(getattr(tree, name))}

    assert seen_on == expected
    assert {name for name in names if item.shows_on(getattr(tree, name))} == expected


def test_module_for_only_some_pages_does_not_show_on_pages_outside_the_tree(tree):
    module("Only the section", assignment=Assignment.ONLY, pages=[(tree.section, True)])
    module("Everywhere but the section", assignment=Assignment.EXCEPT, pages=[(tree.section, True)])
    assert shown(None) == ["Everywhere but the section"]


def test_draft_that_was_never_published_is_not_shown(tree):
    draft = Module(title="Unfinished draft", position="sidebar", body=body(), live=False)
    draft.save()
    draft.save_revision()
    assert Module.objects.filter(title="Unfinished draft").exists()
    assert shown(tree.home) == []


def test_newer_draft_does_not_replace_the_published_title(tree, client):
    published = module("Published title")
    published.title = "Draft title"
    published.save_revision()

    assert shown(tree.home) == ["Published title"]
    html = client.get(tree.home.url).content.decode()
    assert "Published title" in html
    assert "Draft title" not in html


def test_unpublished_module_is_not_shown(tree):
    item = module("Withdrawn")
    item.unpublish()
    assert shown(tree.home) == []


def test_visitor_sees_modules_on_a_real_page_but_not_expired_ones(tree, client):
    now = timezone.now()
    module("Act now", "sidebar")
    module("Old appeal", "sidebar", go_live_at=now - timedelta(days=9), expire_at=now - timedelta(days=2))

    html = client.get(tree.child.url).content.decode()

    assert 'data-position="sidebar"' in html
    assert "Act now" in html
    assert "Old appeal" not in html


def test_empty_position_renders_nothing_for_visitors(tree, client):
    module("Act now", "sidebar")

    response = client.get(tree.home.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert 'data-position="sidebar"' in html
    assert 'data-position="top"' not in html
    assert "position__hint" not in html
    assert "Empty position" not in html


def render_position(name, page, is_preview):
    request = RequestFactory().get(page.url)
    request.is_preview = is_preview
    template = Template('{% load layout_tags %}{% position "' + name + '" %}')
    return template.render(Context({"request": request, "page": page}))


def test_editor_previewing_sees_a_hint_in_an_empty_position(tree):
    html = render_position("top", tree.home, is_preview=True)
    assert 'data-position="top"' in html
    assert 'class="position__hint"' in html
    assert "Visitors see nothing" in html


def test_visitor_sees_nothing_in_an_empty_position(tree):
    assert render_position("top", tree.home, is_preview=False).strip() == ""


def test_preview_of_a_filled_position_shows_the_module_not_the_hint(tree):
    module("On top", "top")
    html = render_position("top", tree.home, is_preview=True)
    assert "On top" in html
    assert "position__hint" not in html
