"""What an operator looks at when something feels wrong (`manage.py status`): each app adds a section through
register_status in its AppConfig.ready(), so core reads the outbox and the mailings without importing their apps."""

import logging
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext

logger = logging.getLogger(__name__)
_sections = {}


@dataclass(frozen=True)
class Limits:
    """Beyond these, status calls something wrong (and exits non-zero)."""

    mail_late_seconds: int = 15 * 60
    worker_quiet_seconds: int = 10 * 60


@dataclass
class Section:
    title: str
    facts: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)


def register_status(name, report):
    """`report(now, limits)` returns a Section: facts an operator reads, and problems that need one."""
    _sections[name] = report


def gather(limits=Limits(), now=None):
    """Every section; one that cannot be read (Redis down, say) becomes a problem, not a traceback."""
    now, sections = now or timezone.now(), {}
    for name, report in _sections.items():
        try:
            sections[name] = report(now, limits)
        except Exception as error:
            logger.exception("Could not read the %s status", name)
            problem = gettext("could not read the %(section)s: %(error)s") % {"section": name, "error": error}
            sections[name] = Section(name.capitalize(), problems=[problem])
    return sections


def age_seconds(now, moment):
    return None if moment is None else max(round((now - moment).total_seconds()), 0)


def as_duration(seconds):
    """"42 s", "7 min", "3 h 5 min", "2 d 4 h": an age as an operator reads it."""
    if seconds is None:
        return "never"
    minutes, hours = seconds // 60, seconds // 3600
    if seconds < 120:
        return f"{seconds} s"
    if hours < 2:
        return f"{minutes} min"
    if hours < 48:
        return f"{hours} h {minutes % 60} min"
    return f"{hours // 24} d {hours % 24} h"


def label(key):
    return key.replace("_seconds_ago", " ago").replace("_seconds", "").replace("_", " ")


def readable(key, value):
    if key.endswith(("_seconds", "_seconds_ago")):
        return as_duration(value)
    return "—" if value is None else value


def inline(facts):
    return ", ".join(f"{label(key)} {readable(key, value)}" for key, value in facts.items()) or "none"


def fact_lines(facts):
    """Facts as "key: value" lines; a mapping of mappings or a list gets a line per item, indented."""
    for key, value in facts.items():
        if isinstance(value, dict) and value and all(isinstance(inner, dict) for inner in value.values()):
            yield f"  {label(key)}:"
            yield from (f"    {name}: {inline(inner)}" for name, inner in value.items())
        elif isinstance(value, list):
            yield f"  {label(key)}: {'' if value else 'none'}"
            yield from (f"    {inline(item)}" for item in value)
        elif isinstance(value, dict):
            yield f"  {label(key)}: {inline(value)}"
        else:
            yield f"  {label(key)}: {readable(key, value)}"
