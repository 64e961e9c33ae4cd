"""Signals the domain apps send so that core can react without importing them."""

from django.dispatch import Signal

# Something visitors see on public pages changed outside a page publish (a comment moderated, a signer
# erased): kept anonymous pages are forgotten once the change is committed (clarion.core.apps).
public_content_changed = Signal()
