"""Keyed hashes of personal data: stable for look-ups, useless to anyone without the key.

A plain hash of an e-mail address can be reversed by hashing a list of addresses; an HMAC cannot, unless
the key is taken too. The key (settings.CLARION_HASH_KEYS, kept apart from the database) can be rotated:
new hashes use the first key, look-ups try every key still listed.
"""

import hashlib
import hmac

from django.conf import settings

from clarion.core import memo

# Long enough that collisions never happen in practice, short enough for indexed columns.
DIGEST_CHARS = 40


@memo.lru(maxsize=16)
def _key_id(key):
    return hashlib.sha256(b"clarion.keyed.id\0" + key.encode()).hexdigest()[:6]


def _digest(key, purpose, value):
    message = purpose.encode() + b"\0" + value.encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:DIGEST_CHARS]


def keyed_hash(value, purpose):
    """`value` hashed with the current key, prefixed by the key's id ("3fa9c1:…") so rotation can find it."""
    key = settings.CLARION_HASH_KEYS[0]
    return f"{_key_id(key)}:{_digest(key, purpose, value)}"


def keyed_hashes(value, purpose):
    """`value` hashed with every key still configured, current first: what a look-up across a rotation matches."""
    return [f"{_key_id(key)}:{_digest(key, purpose, value)}" for key in settings.CLARION_HASH_KEYS]


def is_current(digest):
    """Whether `digest` was made with the current key (rows that are not can be rehashed while their data lasts)."""
    return digest.startswith(_key_id(settings.CLARION_HASH_KEYS[0]) + ":")
