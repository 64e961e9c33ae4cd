"""Making and checking API keys. A key reads `clarion_<prefix>_<secret>`: the prefix finds its row, the secret
is compared by its SHA-256 in constant time, so neither the database nor the timing gives a key away."""

import hashlib
import hmac
import re
import secrets

from clarion.api.models import ApiKey

LEAD = "clarion_"
PREFIX_CHARS = 8
KEY_FORM = re.compile(r"^clarion_([0-9a-f]{8})_([A-Za-z0-9_-]{40,64})$")


def secret_hash(secret):
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def new_key():
    """(prefix, key): a fresh key, never stored."""
    prefix = secrets.token_hex(PREFIX_CHARS // 2)
    return prefix, f"{LEAD}{prefix}_{secrets.token_urlsafe(32)}"


def parse(key):
    """(prefix, secret), or None for anything not shaped like one of our keys."""
    found = KEY_FORM.match(key) if isinstance(key, str) else None
    return found.groups() if found else None


def find(key):
    """The ApiKey row a presented key belongs to (usable or not), or None."""
    parts = parse(key)
    if parts is None:
        return None
    prefix, secret = parts
    row = ApiKey.objects.filter(prefix=prefix).first()
    # Compared even when no row matched, so an unknown prefix costs the same as a wrong secret.
    stored = row.secret_hash if row else "0" * 64
    if not hmac.compare_digest(stored, secret_hash(secret)) or row is None:
        return None
    return row
