"""Settings an operator may change for action alerts; each reads an environment variable first.

CLARION_ALERTS_THROTTLE              messages per minute across all workers for one mailing (0 = as fast as possible)
CLARION_ALERTS_FREQUENCY_CAP         mailings one supporter may receive within the window below (0 = no cap)
CLARION_ALERTS_FREQUENCY_HOURS       length of that window in hours
CLARION_ALERTS_BATCH_SIZE            deliveries one worker claims at a time (also the duplicate bound per worker)
CLARION_ALERTS_CLAIM_TIMEOUT         seconds after which a claimed but unmarked delivery is taken by another worker
CLARION_ALERTS_SENDERS               sending tasks started in parallel for one mailing
CLARION_ALERTS_CONNECTIONS           SMTP connections (threads) each sending task keeps open
CLARION_ALERTS_TASK_SECONDS          seconds one sending task runs before it hands over to a fresh one
CLARION_ALERTS_CONFIRM_MARGIN        percent by which the recipients may differ from the number the organiser
                                     confirmed before "Send now" asks again instead of sending (0 = any change)
"""

from django.conf import settings

from clarion.config import env


def _setting(name, default, kind=int):
    if hasattr(settings, name):
        return getattr(settings, name)
    value = env(name)
    return kind(value) if value else default


def throttle_per_minute():
    return _setting("CLARION_ALERTS_THROTTLE", 0)


def frequency_cap():
    return _setting("CLARION_ALERTS_FREQUENCY_CAP", 1)


def frequency_hours():
    return _setting("CLARION_ALERTS_FREQUENCY_HOURS", 24, float)


def batch_size():
    return max(_setting("CLARION_ALERTS_BATCH_SIZE", 200), 1)


def claim_timeout():
    return _setting("CLARION_ALERTS_CLAIM_TIMEOUT", 300, float)


def senders():
    return max(_setting("CLARION_ALERTS_SENDERS", 2), 1)


def connections():
    return max(_setting("CLARION_ALERTS_CONNECTIONS", 2), 1)


def task_seconds():
    return _setting("CLARION_ALERTS_TASK_SECONDS", 240, float)


def confirm_margin_percent():
    return max(_setting("CLARION_ALERTS_CONFIRM_MARGIN", 1, float), 0)
