"""An independent RFC 9162 §2.1 Merkle tree, written from the RFC's definitions over a plain list of entries:
the tests check Clarion's stored-node proofs against it, and Clarion's verifiers against its proofs."""

from hashlib import sha256


def mth(d):
    if not d:
        return sha256(b"").digest()
    if len(d) == 1:
        return sha256(b"\0" + d[0]).digest()
    k = 1 << (len(d) - 1).bit_length() - 1
    return sha256(b"\1" + mth(d[:k]) + mth(d[k:])).digest()


def path(m, d):
    if len(d) == 1:
        return []
    k = 1 << (len(d) - 1).bit_length() - 1
    return path(m, d[:k]) + [mth(d[k:])] if m < k else path(m - k, d[k:]) + [mth(d[:k])]


def proof(m, d, b=True):
    if m == len(d):
        return [] if b else [mth(d)]
    k = 1 << (len(d) - 1).bit_length() - 1
    return proof(m, d[:k], b) + [mth(d[k:])] if m <= k else proof(m - k, d[k:], False) + [mth(d[:k])]


def check_inclusion(entry, m, n, audit_path, root):
    """Fold the audit path from the leaf up, taking each side from where RFC 9162 splits the tree around m."""
    h = sha256(b"\0" + entry).digest()
    splits, lo, hi = [], 0, n
    while hi - lo > 1:
        k = 1 << (hi - lo - 1).bit_length() - 1
        left = m < lo + k
        splits.append(left)
        lo, hi = (lo, lo + k) if left else (lo + k, hi)
    if len(splits) != len(audit_path):
        return False
    for left, sibling in zip(reversed(splits), audit_path, strict=True):
        h = sha256(b"\1" + h + sibling).digest() if left else sha256(b"\1" + sibling + h).digest()
    return h == root
