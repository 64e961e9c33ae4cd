"""Signed tree heads: the Ed25519 key kept in the data folder, the signed bytes, and their JSON form."""

import base64
import os
import struct
import time
from functools import cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from clarion.transparency.models import TreeHead

KEY_FILE = "transparency_key.pem"
PREFIX = b"clarion tree head v1\x00"


def _b64(data):
    return base64.b64encode(bytes(data)).decode("ascii")


@cache
def private_key():
    """Generated once into CLARION_DATA_DIR (never committed) and read back on every start."""
    path = settings.DATA_DIR / KEY_FILE
    try:
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        pass
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    try:  # O_EXCL: when two processes start at once, the loser reads the winner's key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return serialization.load_pem_private_key(pem, password=None)


def public_key_bytes():
    return private_key().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def signed_bytes(petition_id, tree_size, count, timestamp, root_hash):
    """What a head's signature covers (docs/transparency.md, "Signed tree head")."""
    return PREFIX + struct.pack(">QQqQ", petition_id, tree_size, count, timestamp) + bytes(root_hash)


def publish(petition_id, tree_size, count, root_hash):
    timestamp = int(time.time() * 1000)
    signature = private_key().sign(signed_bytes(petition_id, tree_size, count, timestamp, root_hash))
    return TreeHead.objects.create(petition_id=petition_id, tree_size=tree_size, count=count, timestamp=timestamp,
                                   root_hash=root_hash, signature=signature)


def verify(head, public_key):
    """Raises cryptography's InvalidSignature unless `head` (a TreeHead) was signed with `public_key` (raw)."""
    Ed25519PublicKey.from_public_bytes(public_key).verify(
        bytes(head.signature),
        signed_bytes(head.petition_id, head.tree_size, head.count, head.timestamp, head.root_hash))


def as_json(head):
    return {"petition": head.petition_id, "tree_size": head.tree_size, "count": head.count,
            "timestamp": head.timestamp, "root_hash": _b64(head.root_hash), "signature": _b64(head.signature)}


def from_json(document):
    """A TreeHead (unsaved) read back from `as_json`; ValueError/KeyError/TypeError on a malformed one."""
    return TreeHead(petition_id=int(document["petition"]), tree_size=int(document["tree_size"]),
                    count=int(document["count"]), timestamp=int(document["timestamp"]),
                    root_hash=base64.b64decode(document["root_hash"], validate=True),
                    signature=base64.b64decode(document["signature"], validate=True))
