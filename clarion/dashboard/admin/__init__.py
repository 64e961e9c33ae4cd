"""The morning screen panel on the Wagtail admin home."""
