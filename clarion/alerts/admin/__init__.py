"""Segments and mailings in the Wagtail admin: the viewsets, the sending page and its small JSON endpoints."""
