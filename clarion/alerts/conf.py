"""Settings an operator may change for action alerts: environment variables (declared with their meaning in
clarion/config/table.py), overridable in Django settings."""

from clarion.config import setting


def throttle_per_minute():
    return setting("CLARION_ALERTS_THROTTLE")


def frequency_cap():
    return setting("CLARION_ALERTS_FREQUENCY_CAP")


def frequency_hours():
    return setting("CLARION_ALERTS_FREQUENCY_HOURS")


def batch_size():
    return max(setting("CLARION_ALERTS_BATCH_SIZE"), 1)


def claim_timeout():
    """A claim on deliveries, or a mailing's sign of life, not renewed for this long means its worker died."""
    return setting("CLARION_LEASE_SECONDS")


def senders():
    return max(setting("CLARION_ALERTS_SENDERS"), 1)


def connections():
    return max(setting("CLARION_ALERTS_CONNECTIONS"), 1)


def task_seconds():
    return setting("CLARION_ALERTS_TASK_SECONDS")


def confirm_margin_percent():
    return max(setting("CLARION_ALERTS_CONFIRM_MARGIN"), 0)
