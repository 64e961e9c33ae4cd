"""The spreading report in the Wagtail admin."""
