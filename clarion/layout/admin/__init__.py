"""Modules in the Wagtail admin: the snippet listing with its filters."""
