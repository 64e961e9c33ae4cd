"""Mail settings an operator may change: environment variables, overridable in Django settings."""

from clarion.config import setting_number as _number


def retention_days():
    """Days after which a sent or given-up message keeps only its status, dates and template (0: kept whole)."""
    return _number("CLARION_MAIL_RETENTION_DAYS", 30)


def retention_batch():
    """Messages emptied per statement, so the purge never holds the database's write lock for long."""
    return _number("CLARION_MAIL_RETENTION_BATCH", 1000)
