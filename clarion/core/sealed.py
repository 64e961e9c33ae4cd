"""Sealed links: the value inside is encrypted as well as signed, so a link reveals nothing (no sequential
ids, no address, no name) and cannot be altered or forged.

Django's signing only signs: its tokens carry their payload in readable base64. These use Fernet
(AES-CBC + HMAC, with a timestamp) under a key derived from SECRET_KEY for each purpose; SECRET_KEY_FALLBACKS
keep older links working across a key rotation. Errors are Django's, so callers treat both kinds alike.
"""

import base64
import hashlib
import hmac
import json
import time

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.signing import BadSignature, SignatureExpired

from clarion.core import memo


@memo.lru(maxsize=64)
def _fernet(secret, purpose):
    key = hmac.new(secret.encode(), b"clarion.sealed\0" + purpose.encode(), hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(value, purpose):
    """A URL-safe token holding the JSON-able `value`, readable only by `unseal` with the same purpose."""
    data = json.dumps(value, separators=(",", ":")).encode()
    return _fernet(settings.SECRET_KEY, purpose).encrypt(data).decode().rstrip("=")


def unseal(token, purpose, max_age=None):
    """The value in `token`; raises BadSignature for anything forged, altered or foreign, SignatureExpired
    (its subclass) for a genuine token older than `max_age` seconds."""
    if not isinstance(token, str) or not token.isascii():
        raise BadSignature("not a sealed token")
    padded = (token + "=" * (-len(token) % 4)).encode()
    for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        fernet = _fernet(secret, purpose)
        try:
            data = fernet.decrypt(padded)
            issued = fernet.extract_timestamp(padded)
        except InvalidToken:
            continue
        if max_age is not None and time.time() - issued > max_age:
            raise SignatureExpired("sealed token expired")
        try:
            return json.loads(data)
        except ValueError:
            raise BadSignature("unreadable sealed token") from None
    raise BadSignature("bad sealed token")
