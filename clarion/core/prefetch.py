"""Loading every image and page that a page's blocks point to in a fixed number of queries.

Wagtail's chooser blocks query once per StreamField; a page carrying a slideshow and thirty modules
would then query thirty times, plus once per image for its renditions. `prefetch_choosers` walks the raw
stream data of many fields at once, loads what they point to in one query per model (images with their
renditions), and keeps the objects in a pool for this request that the Pooled* chooser blocks read
before they query. The pool is emptied when a request starts and ends.
"""

from collections import defaultdict
from contextvars import ContextVar

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.images.models import AbstractImage
from wagtail.models import Page

_pool: ContextVar[dict | None] = ContextVar("clarion_chooser_pool", default=None)


class PooledChooserMixin:
    def bulk_to_python(self, values):
        objects = (_pool.get() or {}).get(self.model_class)
        if objects is not None and all(value is None or value in objects for value in values):
            return [objects.get(value) for value in values]
        return super().bulk_to_python(values)


class PooledImageChooserBlock(PooledChooserMixin, ImageChooserBlock):
    pass


class PooledPageChooserBlock(PooledChooserMixin, blocks.PageChooserBlock):
    pass


class PooledDocumentChooserBlock(PooledChooserMixin, DocumentChooserBlock):
    pass


def walk_stream(block, raw):
    """Yield (block, raw value) for every block in raw stream data, depth first, guided by the definitions."""
    if raw is None:
        return
    yield block, raw
    if isinstance(block, blocks.StreamBlock):
        for item in raw:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                yield from walk_stream(child, item.get("value"))
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            yield from walk_stream(child, raw.get(name))
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for item in raw:
            value = item["value"] if isinstance(item, dict) and "value" in item else item
            yield from walk_stream(block.child_block, value)


def _chooser_ids(block, raw):
    """Yield (model, id) for every chooser in raw stream data."""
    for node, value in walk_stream(block, raw):
        if isinstance(node, PooledChooserMixin) and isinstance(value, int):
            yield node.model_class, value


def _load(model, ids):
    if issubclass(model, AbstractImage):
        return model.objects.prefetch_renditions().in_bulk(ids)
    if issubclass(model, Page):
        return {page.pk: page for page in model.objects.filter(pk__in=ids).specific()}
    return model.objects.in_bulk(ids)


def prefetch_choosers(stream_values):
    """Load into this request's pool everything the given StreamValues' chooser blocks point to."""
    wanted = defaultdict(set)
    for stream in stream_values:
        if stream is not None:
            for model, pk in _chooser_ids(stream.stream_block, stream.raw_data):
                wanted[model].add(pk)
    pool = dict(_pool.get() or {})
    for model, ids in wanted.items():
        known = pool.get(model, {})
        missing = ids - known.keys()
        if missing:
            pool[model] = {**known, **_load(model, missing)}
    _pool.set(pool)


def clear_pool(**kwargs):
    _pool.set(None)
