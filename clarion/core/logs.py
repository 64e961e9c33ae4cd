"""Logging filters named in settings.LOGGING (imported while logging is configured: nothing from the apps)."""

import logging


class QuietShortRefusals(logging.Filter):
    """Keeps Django's one warning per refused request out of the log for the signing endpoint's short answers
    (clarion.petitions.refusals): its minute summary counts them instead, and a flood no longer writes a line
    per bad post."""

    def filter(self, record):
        request = getattr(record, "request", None)
        return not getattr(request, "clarion_short_refusal", False)
