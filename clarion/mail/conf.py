"""Mail settings an operator may change: environment variables (clarion/config/table.py), overridable in Django
settings."""

from clarion.config import setting


def retention_days():
    """Days after which a sent or given-up message keeps only its status, dates and template (0: kept whole)."""
    return setting("CLARION_MAIL_RETENTION_DAYS")


def retention_batch():
    """Messages emptied per statement, so the purge never holds the database's write lock for long."""
    return setting("CLARION_MAIL_RETENTION_BATCH")
