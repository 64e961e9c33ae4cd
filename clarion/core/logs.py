"""Logging filters named in settings.LOGGING (imported while logging is configured: nothing from the apps)."""

import logging

from clarion.core.redact import scrub


class QuietShortRefusals(logging.Filter):
    """Keeps Django's one warning per refused request out of the log for the signing endpoint's short answers
    (clarion.petitions.refusals): its minute summary counts them instead, and a flood no longer writes a line
    per bad post."""

    def filter(self, record):
        request = getattr(record, "request", None)
        return not getattr(request, "clarion_short_refusal", False)


class MaskTokens(logging.Filter):
    """Django's request warnings name the path ("Not Found: /petitions/confirm/<token>/"): mask the token."""

    def filter(self, record):
        if isinstance(record.args, tuple):
            record.args = tuple(scrub(arg) for arg in record.args)
        record.msg = scrub(record.msg)
        return True
