"""Supporters in the Wagtail admin: the list, the inspect page, tags, export and erasure."""
