"""Pictures are drawn when content is loaded or published, never while the first visitor waits for the page."""

import io
import logging
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import DraftStateMixin, Page

from clarion.layout.actions import publish_module
from clarion.pages.models import HomePage
from clarion.pages.renditions import RENDITIONS, filter_specs
from tests.conftest import run_queued_tasks
from tests.factories import build_campaign_site, jpeg_bytes, make_image, slide
from tests.pages.streams import blocks_in_use

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def renditions_made():
    """(image id, filter spec) of every rendition stored."""
    return set(get_image_model().get_rendition_model().objects.values_list("image_id", "filter_spec"))


def wanted(image, name):
    return {(image.pk, spec) for spec in filter_specs(name)}


def visit_every_page(client):
    for page in Page.objects.live().specific():
        if page.url:
            assert client.get(page.url).status_code in (200, 302), page.url


def test_the_demo_loads_with_every_picture_its_pages_show_already_drawn(client, caplog):
    with caplog.at_level(logging.INFO, logger="wagtail"):
        call_command("load_demo", stdout=io.StringIO())
    # Quietly: Wagtail's line per page created and published would push make run's admin login off the screen.
    assert [r.getMessage() for r in caplog.records if r.name == "wagtail" and r.levelno < logging.WARNING] == []
    made = renditions_made()

    for home in HomePage.objects.all():  # in each of the demo's languages
        assert len(home.slides) == 11
        for block in home.slides:
            assert wanted(block.value["image"], "slide") <= made
        assert wanted(home.social_image, "share") <= made

    visit_every_page(client)
    assert renditions_made() == made  # no page view drew a picture


def test_pictures_an_editor_publishes_are_drawn_by_the_worker_before_anyone_visits(
        client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site = build_campaign_site()
        new_slide = make_image("A new slide", 7)
        site.home.slides.append(slide(new_slide, 4))
        site.home.save_revision().publish()
        figure = make_image("In the sidebar", 8)
        publish_module(title="Pictures", position="sidebar", body=[
            ("image", {"image": figure, "alt_text": "The camp", "caption": "", "credit": ""}),
        ])
    assert renditions_made() == set()  # publishing left the drawing to the worker

    run_queued_tasks()
    made = renditions_made()
    assert wanted(new_slide, "slide") | wanted(figure, "figure") <= made
    assert wanted(site.images[1], "video_poster") | wanted(site.images[1], "video_still") <= made

    visit_every_page(client)
    assert renditions_made() == made


def test_an_editor_replaces_a_slides_picture_and_the_worker_draws_it_again(
        client, django_user_model, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site = build_campaign_site()
    run_queued_tasks()  # the reference index learns which pages show which image; the first drawing
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    picture = site.images[2]

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(reverse("wagtailimages:edit", args=[picture.pk]), {
            "title": picture.title, "collection": picture.collection_id,
            "file": SimpleUploadedFile("new.jpg", jpeg_bytes(colour=(10, 200, 90)), content_type="image/jpeg"),
        })
    assert response.status_code == 302
    assert not any(image == picture.pk for image, _spec in renditions_made())  # Wagtail dropped the old ones

    run_queued_tasks()
    made = renditions_made()
    assert wanted(picture, "slide") <= made
    visit_every_page(client)
    assert renditions_made() == made


def test_an_operator_draws_every_picture_of_a_site_again(client):
    site = build_campaign_site()  # published with no worker running: nothing drawn yet
    assert renditions_made() == set()

    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert out.getvalue().strip() == f"Pictures ready: {len(site.images)}"
    made = renditions_made()
    visit_every_page(client)
    assert renditions_made() == made


def test_every_image_a_page_or_block_shows_has_its_sizes_named():
    """An image no `image_renditions` names would be drawn only when its first visitor asks for it."""
    undeclared = {f"{type(parent).__name__}.{name}" for parent, name, block in blocks_in_use()
                  if isinstance(block, ImageChooserBlock) and name not in getattr(parent, "image_renditions", {})}
    image_model = get_image_model()
    for model in apps.get_models():
        if issubclass(model, Page | DraftStateMixin):
            undeclared |= {f"{model.__name__}.{field.name}" for field in model._meta.concrete_fields
                           if field.is_relation and field.related_model is image_model
                           and field.name not in getattr(model, "image_renditions", {})}
    assert undeclared == set()


def test_templates_draw_pictures_only_in_the_sizes_made_ahead():
    """A template with sizes of its own would send its first visitor to wait for them: every picture is named."""
    own_sizes = re.compile(r"{%\s*(picture|image|srcset_image)\s")
    named = re.compile(r"{%\s*(picture_of|rendition_of)\s+\S+\s+\"(\w+)\"")
    sources = {path.relative_to(TEMPLATES): path.read_text() for path in TEMPLATES.rglob("*.html")}

    assert [path for path, text in sources.items() if own_sizes.search(text)] == []
    uses = [match.groups() for text in sources.values() for match in named.finditer(text)]
    assert {"slide", "figure", "video_poster", "video_still", "share"} <= {name for _tag, name in uses}
    for tag, name in uses:
        assert name in RENDITIONS
        if tag == "rendition_of":
            assert filter_specs(name) == [RENDITIONS[name]], f"{name} is one size, not several"
