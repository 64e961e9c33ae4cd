"""The StreamField blocks every model uses, walked from their definitions (not from any content)."""

from django.apps import apps
from wagtail import blocks
from wagtail.fields import StreamField


def blocks_in_use():
    """Yield (parent block, name, block) for every block reachable from a StreamField of any model."""
    pending = [(None, field.name, field.stream_block) for model in apps.get_models()
               for field in model._meta.concrete_fields if isinstance(field, StreamField)]
    while pending:
        parent, name, block = pending.pop()
        yield parent, name, block
        if isinstance(block, blocks.ListBlock):
            pending.append((block, "item", block.child_block))
        else:
            pending.extend((block, child_name, child)
                           for child_name, child in (getattr(block, "child_blocks", None) or {}).items())
