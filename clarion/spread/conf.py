"""Spreading settings an operator may change: environment variables (declared with their meaning in
clarion/config/table.py); tests override them with `settings`."""

from clarion.config import setting

# The per-IP limit counts a day of invitations by their IP key: it must outlive that day.
MINIMUM = {"CLARION_INVITE_RETENTION_DAYS": 1}


def get(name):
    return max(setting(name), MINIMUM.get(name, 0))
