"""The kinds of value an environment setting may hold: each parses the text an operator gave, or says what it
expected (ValueError), and describes itself for the README's configuration table."""

import ipaddress
import math
import re
import zoneinfo
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

YES = {"1", "true", "yes", "on"}
NO = {"0", "false", "no", "off"}


class Kind:
    expected = "text"

    def parse(self, raw):
        return raw

    def show(self, value):
        """A default value as the README shows it."""
        return f"`{value}`"


@dataclass(frozen=True)
class Text(Kind):
    pattern: str = ""
    expected: str = "text"

    def parse(self, raw):
        if self.pattern and not re.fullmatch(self.pattern, raw):
            raise ValueError(self.expected)
        return raw


@dataclass(frozen=True)
class Number(Kind):
    minimum: float = 0
    maximum: float | None = None
    whole: bool = True
    unit: str = ""

    @property
    def expected(self):
        what = "a whole number" if self.whole else "a number"
        if self.unit:
            what += f" of {self.unit}"
        if self.maximum is not None:
            return f"{what} from {self.minimum} to {self.maximum}"
        return f"{what}, {self.minimum} or more"

    def parse(self, raw):
        try:
            value = int(raw) if self.whole else float(raw)
        except ValueError:
            raise ValueError(self.expected) from None
        if not math.isfinite(value) or value < self.minimum or (self.maximum is not None and value > self.maximum):
            raise ValueError(self.expected)
        return value


class YesNo(Kind):
    expected = "yes or no (1/0, true/false, on/off)"

    def parse(self, raw):
        if raw.lower() in YES:
            return True
        if raw.lower() in NO:
            return False
        raise ValueError(self.expected)

    def show(self, value):
        return "on" if value else "off"


class Choice(Kind):
    def __init__(self, *options, upper=False):
        self.options, self.upper = options, upper
        self.expected = "one of " + ", ".join(options)

    def parse(self, raw):
        value = raw.upper() if self.upper else raw.lower()
        if value not in self.options:
            raise ValueError(self.expected)
        return value


class Url(Kind):
    def __init__(self, *schemes, host=True, origin=False, expected=""):
        self.schemes, self.host, self.origin = schemes, host, origin
        self.expected = expected or ("an origin" if origin else "a URL") + " starting " + " or ".join(
            f"{scheme}://" for scheme in schemes)

    def parse(self, raw):
        try:
            parts = urlsplit(raw)
            parts.port  # noqa: B018 - raises ValueError for a port that is no number or out of range
        except ValueError:
            raise ValueError(self.expected) from None
        if parts.scheme.lower() not in self.schemes or (self.host and not parts.hostname):
            raise ValueError(self.expected)
        if self.origin:
            if parts.path not in ("", "/") or parts.query or parts.fragment:
                raise ValueError(self.expected)
            return raw.rstrip("/")
        return raw


class Email(Kind):
    expected = "an e-mail address"

    def parse(self, raw):
        try:
            validate_email(parseaddr(raw)[1])
        except ValidationError:
            raise ValueError(self.expected) from None
        return raw


class TimeZone(Kind):
    expected = "a time zone name such as UTC or Europe/Paris"

    def parse(self, raw):
        try:
            zoneinfo.ZoneInfo(raw)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(self.expected) from None
        return raw


class Network(Kind):
    expected = "an IP address or range such as 10.0.0.0/8"

    def parse(self, raw):
        try:
            ipaddress.ip_network(raw, strict=False)
        except ValueError:
            raise ValueError(self.expected) from None
        return raw


class List(Kind):
    """Comma-separated items, each of the kind given; blanks between commas are skipped."""

    def __init__(self, item=None):
        self.item = item or Text()
        self.expected = f"a comma-separated list, each item {self.item.expected}"

    def parse(self, raw):
        values = []
        for item in [part.strip() for part in raw.split(",") if part.strip()]:
            try:
                values.append(self.item.parse(item))
            except ValueError:
                raise ValueError(f"{self.expected} ({item!r} is not)") from None
        return values

    def show(self, value):
        return ", ".join(f"`{item}`" for item in value) if value else "none"


class Pairs(Kind):
    expected = "comma-separated name=value pairs"

    def parse(self, raw):
        items = [part.strip() for part in raw.split(",") if part.strip()]
        if not all("=" in item for item in items):
            raise ValueError(self.expected)
        return dict(item.split("=", 1) for item in items)

    def show(self, value):
        return ", ".join(f"`{name}={target}`" for name, target in value.items()) if value else "none"


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, kind, the value when it is unset or blank, and what it means.
    `shown` is the default as the README says it when the value is worked out elsewhere (a generated key);
    a `secret` is never repeated in a message."""

    name: str
    kind: Kind
    default: object
    meaning: str
    shown: str = ""
    secret: bool = False

    def shown_default(self):
        if self.shown:
            return self.shown
        return "none" if self.default in (None, "") else self.kind.show(self.default)
