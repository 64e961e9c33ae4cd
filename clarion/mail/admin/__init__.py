"""The outbox in the Wagtail admin: every e-mail, listed and inspected, never edited."""
