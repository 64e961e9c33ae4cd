"""Configuration read from environment variables, with embedded defaults that need nothing installed.

Every variable is declared once in clarion/config/table.py (kind, default, meaning); `env(name)` is the only
way to read one, and `check_environment()`, called as the settings load, refuses a bad value with one message."""

import copy
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from clarion.config.table import DECLARED, SETTINGS

BASE_DIR = Path(__file__).resolve().parent.parent.parent


class BadEnvironment(ImproperlyConfigured):
    """An environment variable holds a value Clarion cannot use; the message names it and says what would do."""


def complaint(declared, raw, expected):
    """The message goes to a terminal or a log: it names the variable and the value, but never a secret."""
    if declared.secret:
        return f"{declared.name} (value not shown: it is a secret) is not valid: expected {expected}."
    try:
        password = urlsplit(raw).password
    except ValueError:
        password = None
    if password:
        raw = raw.replace(f":{password}@", ":***@", 1)
    return f"{declared.name}={raw!r} is not valid: expected {expected}."


def env(name):
    """The environment variable `name` as its declared kind, or its default when unset or blank."""
    try:
        declared = DECLARED[name]
    except KeyError:
        raise LookupError(f"{name} is read but not declared in clarion/config/table.py") from None
    raw = os.environ.get(name, "").strip()
    if not raw:
        return copy.copy(declared.default)
    try:
        return declared.kind.parse(raw)
    except ValueError as why:
        raise BadEnvironment(complaint(declared, raw, why)) from None


def setting(name):
    """From Django settings when set there (tests, local overrides), else the environment variable; read at use,
    so tests can change it without reloading anything."""
    value = getattr(django_settings, name, None)
    return env(name) if value is None else value


def check_environment():
    """Every declared variable parsed once, at start-up: one message lists each bad value."""
    problems = []
    for declared in SETTINGS:
        try:
            env(declared.name)
        except BadEnvironment as problem:
            problems.append(str(problem))
    if len(problems) == 1:
        raise BadEnvironment(problems[0])
    if problems:
        raise BadEnvironment("\n  ".join(["Some environment variables are not valid:", *problems]))


def data_dir():
    path = Path(env("CLARION_DATA_DIR") or BASE_DIR / "var")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _kept_secret(filename):
    """A random secret generated once into the data folder and read back on every start."""
    key_file = data_dir() / filename
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        # O_EXCL: when two processes start at once, the loser reads the winner's key.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return key_file.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


def secret_key():
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    return env("SECRET_KEY") or _kept_secret("secret_key")


def hash_keys():
    """The keys of the keyed hashes of personal data (clarion.core.keyed), newest first.

    Apart from SECRET_KEY so that either can be rotated alone. CLARION_HASH_KEYS lists them comma-separated:
    put a new key first and keep the old ones after it until `manage.py rehash_personal_data` has run.
    """
    keys = env("CLARION_HASH_KEYS")
    return keys or [_kept_secret("hash_key")]


def database():
    url = env("DATABASE_URL") or f"sqlite:///{data_dir() / 'clarion.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock up front,
        # so concurrent writers queue on busy_timeout instead of failing with "database is locked".
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 10,
        }
    return config


def email():
    """EMAIL_URL configures SMTP (or any backend dj-email-url knows); without it mail goes to the log."""
    url = env("EMAIL_URL")
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parsed = dj_email_url.parse(url)
    return {
        "EMAIL_BACKEND": parsed["EMAIL_BACKEND"],
        "EMAIL_HOST": parsed["EMAIL_HOST"],
        "EMAIL_PORT": parsed["EMAIL_PORT"],
        "EMAIL_HOST_USER": parsed["EMAIL_HOST_USER"] or "",
        "EMAIL_HOST_PASSWORD": parsed["EMAIL_HOST_PASSWORD"] or "",
        "EMAIL_USE_TLS": parsed["EMAIL_USE_TLS"],
        "EMAIL_USE_SSL": parsed["EMAIL_USE_SSL"],
        "EMAIL_TIMEOUT": parsed.get("EMAIL_TIMEOUT") or 30,
    }


def base_url(port):
    return (env("CLARION_BASE_URL") or f"http://127.0.0.1:{port}").rstrip("/")


def allowed_hosts(url):
    hosts = {"127.0.0.1", "localhost", "[::1]", urlsplit(url).hostname or "127.0.0.1"}
    hosts.update(env("ALLOWED_HOSTS"))
    return sorted(hosts)
