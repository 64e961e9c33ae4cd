"""Loading every image a page needs in two queries, however many blocks and modules show images.

Wagtail's chooser blocks query once per StreamField; a page carrying a slideshow and thirty modules
would then query thirty times, plus once per image for its renditions. `prefetch_images` walks the raw
stream data of many fields at once, loads the images with their renditions, and keeps them in a pool
for this request that `PooledImageChooserBlock` reads before it queries.
"""

from contextvars import ContextVar

from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

_pool: ContextVar[dict | None] = ContextVar("clarion_image_pool", default=None)


class PooledImageChooserBlock(ImageChooserBlock):
    def bulk_to_python(self, values):
        pool = _pool.get() or {}
        if all(value is None or value in pool for value in values):
            return [pool.get(value) for value in values]
        return super().bulk_to_python(values)


def _image_ids(block, raw):
    """Yield the ids of images in raw stream data, guided by the block definitions."""
    if raw is None:
        return
    if isinstance(block, ImageChooserBlock):
        if isinstance(raw, int):
            yield raw
    elif isinstance(block, blocks.StreamBlock):
        for item in raw:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                yield from _image_ids(child, item.get("value"))
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            yield from _image_ids(child, raw.get(name))
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for item in raw:
            value = item.get("value") if isinstance(item, dict) and "value" in item else item
            yield from _image_ids(block.child_block, value)


def prefetch_images(stream_values):
    """Load, in two queries, every image found in the given StreamValues into this request's pool."""
    wanted = set()
    for stream in stream_values:
        if stream is not None:
            wanted.update(_image_ids(stream.stream_block, stream.raw_data))
    pool = dict(_pool.get() or {})
    missing = wanted - pool.keys()
    if missing:
        pool.update(get_image_model().objects.prefetch_renditions().in_bulk(missing))
    _pool.set(pool)


def clear_image_pool():
    _pool.set(None)
