"""Images in API answers: the sizes the site's templates draw (clarion.pages.renditions), as absolute
addresses at the public address; a size a publish has not made yet is made now, once."""

from django.conf import settings
from rest_framework import serializers
from wagtail.images.shortcuts import get_renditions_or_not_found

from clarion.pages.renditions import filter_specs


def absolute(url):
    return settings.CLARION_BASE_URL + url if url.startswith("/") else url


class RenditionSerializer(serializers.Serializer):
    size = serializers.CharField(help_text="Where the site draws it: share (1200×630), hero, …")
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class ImageSerializer(serializers.Serializer):
    alt = serializers.CharField(allow_blank=True)
    renditions = RenditionSerializer(many=True)


def image_renditions(image, names):
    """{"alt", "renditions": [{"size", "url", "width", "height"}, …]} for the named sizes, or None."""
    if image is None:
        return None
    found = []
    for name in names:
        renditions = get_renditions_or_not_found(image, filter_specs(name))
        found += [{"size": name, "url": absolute(r.url), "width": r.width, "height": r.height}
                  for r in renditions.values()]
    return {"alt": image.default_alt_text or "", "renditions": found}

