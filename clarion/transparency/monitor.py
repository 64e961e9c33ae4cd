"""A third party's check of a petition's log over the public API: every head is signed by the key seen the
first time, and each is consistent with the one before it (RFC 9162 §2.1.4), from the last head this monitor
trusted. Nothing here reads the database: `fetch(path)` returns the API's JSON."""

import base64

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from clarion.transparency import merkle
from clarion.transparency.heads import signed_bytes


class FetchError(Exception):
    """The site did not answer a question with JSON (its message is the site's plain answer)."""


def _head(document):
    return {name: document[name] for name in ("petition", "tree_size", "count", "timestamp", "root_hash", "signature")}


def _signed(head, key):
    message = signed_bytes(head["petition"], head["tree_size"], head["count"], head["timestamp"],
                           base64.b64decode(head["root_hash"]))
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(base64.b64decode(head["signature"]), message)
    except InvalidSignature:
        return False
    return True


def check(fetch, petition_id, state):
    """(problems, new state). `state` is what the last run returned ({} the first time)."""
    problems = []
    key = fetch("/petitions/transparency/key.json")["public_key"]
    if state.get("public_key", key) != key:
        problems.append("The site's public key changed since this monitor first saw it.")
    trusted = state.get("head")
    start = trusted["tree_size"] if trusted else 0
    listing = fetch(f"/petitions/{petition_id}/transparency/heads.json?from_size={start}")
    for head in sorted((_head(h) for h in listing["heads"]), key=lambda h: h["tree_size"]):
        if head["petition"] != petition_id or not _signed(head, base64.b64decode(key)):
            problems.append(f"The head of size {head['tree_size']} is not signed by the site's key.")
            continue
        if trusted:
            problems += _consistent(fetch, petition_id, trusted, head)
        trusted = head
    if state.get("head") and not listing["heads"]:
        problems.append(f"The head of size {state['head']['tree_size']} this monitor saw is no longer published.")
    return problems, {"public_key": state.get("public_key", key), "head": trusted}


def _consistent(fetch, petition_id, old, new):
    first, second = old["tree_size"], new["tree_size"]
    try:
        proof = fetch(f"/petitions/{petition_id}/transparency/consistency.json?first={first}&second={second}")
        path = [base64.b64decode(h) for h in proof["consistency"]]
        merkle.verify_consistency(first, second, base64.b64decode(old["root_hash"]),
                                  base64.b64decode(new["root_hash"]), path)
    except (FetchError, merkle.ProofError) as problem:
        return [f"The log of size {second} is not an extension of the one of size {first} this monitor saw: "
                f"something counted earlier was removed or rewritten ({problem})."]
    return []
