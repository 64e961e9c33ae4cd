"""Clarion's Merkle code (stored perfect subtrees) against the independent RFC 9162 tree in rfc9162.py."""

import os

import pytest

from clarion.transparency import merkle
from tests.transparency import rfc9162


def _stored(entries):
    """Every perfect subtree of a log of `entries`, built by appending them in uneven batches."""
    nodes, size, batch = {}, 0, 1
    while size < len(entries):
        chunk = [merkle.leaf_hash(e) for e in entries[size:size + batch]]
        nodes.update(merkle.new_perfect_nodes(size, chunk, lambda level, index: nodes[(level, index)]))
        size, batch = size + len(chunk), batch % 5 + 1
    return lambda level, index: nodes[(level, index)]


ENTRIES = [os.urandom(33) for _ in range(70)]
PERFECT = _stored(ENTRIES)


@pytest.mark.parametrize("size", range(0, 71))
def test_roots_match_the_rfc(size):
    assert merkle.root(size, PERFECT) == rfc9162.mth(ENTRIES[:size])


def test_inclusion_proofs_match_and_verify_both_ways():
    for size in range(1, 71):
        root = rfc9162.mth(ENTRIES[:size])
        for index in range(size):
            path = merkle.inclusion_proof(index, size, PERFECT)
            assert path == rfc9162.path(index, ENTRIES[:size])
            assert rfc9162.check_inclusion(ENTRIES[index], index, size, path, root)
            merkle.verify_inclusion(merkle.leaf_hash(ENTRIES[index]), index, size, path, root)


def test_consistency_proofs_match_and_verify():
    for new in range(1, 71):
        new_root = rfc9162.mth(ENTRIES[:new])
        for old in range(1, new + 1):
            proof = merkle.consistency_proof(old, new, PERFECT)
            assert proof == (rfc9162.proof(old, ENTRIES[:new]) if old < new else [])
            merkle.verify_consistency(old, new, rfc9162.mth(ENTRIES[:old]), new_root, proof)


def test_a_forged_inclusion_proof_fails():
    root = rfc9162.mth(ENTRIES[:20])
    path = merkle.inclusion_proof(5, 20, PERFECT)
    with pytest.raises(merkle.ProofError):
        merkle.verify_inclusion(merkle.leaf_hash(ENTRIES[6]), 5, 20, path, root)
    with pytest.raises(merkle.ProofError):
        merkle.verify_inclusion(merkle.leaf_hash(ENTRIES[5]), 5, 20, path[:-1], root)
    forged = [path[0][:-1] + bytes([path[0][-1] ^ 1]), *path[1:]]
    with pytest.raises(merkle.ProofError):
        merkle.verify_inclusion(merkle.leaf_hash(ENTRIES[5]), 5, 20, forged, root)
    assert not rfc9162.check_inclusion(ENTRIES[5], 5, 20, forged, root)


def test_a_rewritten_history_fails_consistency():
    rewritten = ENTRIES[:3] + [os.urandom(33)] + ENTRIES[4:40]
    proof = rfc9162.proof(10, rewritten)
    with pytest.raises(merkle.ProofError):
        merkle.verify_consistency(10, 40, rfc9162.mth(ENTRIES[:10]), rfc9162.mth(rewritten), proof)
    with pytest.raises(merkle.ProofError):
        merkle.verify_consistency(10, 9, rfc9162.mth(ENTRIES[:10]), rfc9162.mth(ENTRIES[:9]), [])


def test_the_dry_run_names_every_hash_a_proof_reads():
    keys = merkle.needed(lambda perfect: merkle.inclusion_proof(3, 70, perfect))
    assert len(set(keys)) <= 2 * 7
    fetched = {key: PERFECT(*key) for key in keys}
    assert merkle.inclusion_proof(3, 70, lambda *key: fetched[key]) == rfc9162.path(3, ENTRIES[:70])
