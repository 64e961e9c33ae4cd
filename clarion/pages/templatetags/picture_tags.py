"""Pictures in the sizes clarion.pages.renditions names, the same ones made ahead of the first visit."""

from django import template
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_rendition_or_not_found, get_renditions_or_not_found

from clarion.core.pagecache import KeptWithPages
from clarion.pages.renditions import RENDITIONS, filter_specs

register = template.Library()

# A <picture> costs a render more than its page's queries (a slideshow: eleven pictures, six renditions each, every
# rendition's filter parsed again), and is the same for every render of the same image in the same sizes.
_pictures = KeptWithPages("clarion.pages.pictures")


def _image_version(image):
    """What, changed, gives an image other renditions: its file, and the focal point a crop is made around."""
    return (image.pk, image.file.name, image.file_hash, image.width, image.height, image.focal_point_x,
            image.focal_point_y, image.focal_point_width, image.focal_point_height)


@register.simple_tag
def picture_of(image, rendition, **attrs):
    """`{% picture_of image "slide" alt=… sizes=… %}`: a <picture> with every size and format of that name."""
    if not image:
        return ""
    key = (_image_version(image), rendition, tuple(sorted(attrs.items())))
    return _pictures.get(key, lambda: Picture(get_renditions_or_not_found(image, filter_specs(rendition)),
                                              attrs).__html__())


@register.simple_tag
def rendition_of(image, rendition):
    """`{% rendition_of image "share" as share %}`: the one rendition of a single-size name (for its URL)."""
    if not image:
        return None
    return get_rendition_or_not_found(image, RENDITIONS[rendition])
