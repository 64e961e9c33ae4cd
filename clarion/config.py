"""Configuration read from environment variables, with embedded defaults that need nothing installed."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default).strip()


def setting_number(name, default):
    """A whole-number setting: from Django settings when set there (tests, local overrides), else the
    environment variable of the same name, else `default`. Read at use, so a change needs no restart of code."""
    from django.conf import settings

    value = getattr(settings, name, None)
    if value is None:
        value = int(env(name, str(default)) or default)
    return value


def env_bool(name, default=False):
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


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
    keys = [key.strip() for key in env("CLARION_HASH_KEYS").split(",") if key.strip()]
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
    hosts.update(h.strip() for h in env("ALLOWED_HOSTS").split(",") if h.strip())
    return sorted(hosts)
