"""Pictures in the sizes clarion.pages.renditions names, the same ones made ahead of the first visit."""

from django import template
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_rendition_or_not_found, get_renditions_or_not_found

from clarion.pages.renditions import RENDITIONS, filter_specs

register = template.Library()


@register.simple_tag
def picture_of(image, rendition, **attrs):
    """`{% picture_of image "slide" alt=… sizes=… %}`: a <picture> with every size and format of that name."""
    if not image:
        return ""
    return Picture(get_renditions_or_not_found(image, filter_specs(rendition)), attrs).__html__()


@register.simple_tag
def rendition_of(image, rendition):
    """`{% rendition_of image "share" as share %}`: the one rendition of a single-size name (for its URL)."""
    if not image:
        return None
    return get_rendition_or_not_found(image, RENDITIONS[rendition])
