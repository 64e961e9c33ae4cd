"""The picture sizes the templates draw, in one table: the template tags read it, and so does the work that
makes every rendition when content is loaded or published, so no visitor waits while a picture is drawn.

A block or model says which of its images are drawn in which sizes with `image_renditions`
({field name: (rendition names)}); a template draws them with `{% picture_of %}` or `{% rendition_of %}`.
"""

from collections import defaultdict

from django.apps import apps
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.models import DraftStateMixin, Page

from clarion.core.prefetch import walk_stream
from clarion.petitions.models import PetitionSteps

# Named by where a picture appears; specs as Wagtail's {% picture %} takes them (braces expand to several).
RENDITIONS = {
    "slide": "format-{webp,jpeg} fill-{480x270,960x540,1600x900}",
    "figure": "format-{webp,jpeg} width-{480,800,1200}",
    "video_poster": "format-{webp,jpeg} fill-{480x270,960x540}",
    "video_still": "fill-960x540",
    "share": "fill-1200x630",
    "hero": "format-{webp,jpeg} fill-{640x280,1280x560,1920x840}",
    "timeline_photo": "format-{webp,jpeg} width-{480,800}",
}


def filter_specs(name):
    """The single filter specs a rendition name stands for, in the order {% picture %} would make them."""
    return Filter.expand_spec(RENDITIONS[name])


def _stream_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, StreamField)]


def images_shown(obj):
    """{image id: rendition names} for every image a page or module shows, read from its raw data alone."""
    wanted = defaultdict(set)
    for field, names in getattr(obj, "image_renditions", {}).items():
        if getattr(obj, f"{field}_id", None):
            wanted[getattr(obj, f"{field}_id")].update(names)
    for field in _stream_fields(type(obj)):
        stream = getattr(obj, field.name)
        for block, raw in walk_stream(stream.stream_block, stream.raw_data):
            for name, names in getattr(block, "image_renditions", {}).items():
                if isinstance(raw, dict) and isinstance(raw.get(name), int):
                    wanted[raw[name]].update(names)
    return wanted


def make_renditions(obj):
    """Make every rendition the templates will ask of the images `obj` shows; return those images' ids."""
    wanted = images_shown(obj)
    for image in get_image_model().objects.filter(pk__in=wanted).prefetch_renditions():
        specs = [spec for name in sorted(wanted[image.pk]) for spec in filter_specs(name)]
        get_renditions_or_not_found(image, specs)
    return set(wanted)


def published_content():
    """Every live page, and every live item of the other publishable models that can show images (modules)."""
    yield from Page.objects.live().specific()
    yield from PetitionSteps.objects.filter(delivery_photo__isnull=False)
    for model in apps.get_models():
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page) and (
            _stream_fields(model) or hasattr(model, "image_renditions")
        ):
            yield from model.objects.filter(live=True)


def make_all_renditions():
    """Make the renditions of everything published (after loading content, or when the sizes change);
    return how many images that took."""
    return len(set().union(*(make_renditions(obj) for obj in published_content())))

