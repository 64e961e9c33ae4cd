"""RFC 9162 (Certificate Transparency 2.0) §2.1 Merkle trees: hashes, inclusion and consistency proofs and
their verification. No Django here: the tree is read through `perfect(level, index)`, which returns the hash
of the perfect subtree holding leaves [index * 2**level, (index + 1) * 2**level), so a proof in a large log
reads a few dozen stored hashes instead of every leaf."""

import hashlib

EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof that does not verify, or sizes it cannot be about."""


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(size):
    """The largest power of two smaller than `size` (size > 1): where RFC 9162 splits a tree."""
    return 1 << ((size - 1).bit_length() - 1)


def subtree_hash(start, end, perfect):
    """MTH(D[start:end]) for the subtrees RFC 9162's recursion visits (start aligned to the left part)."""
    size = end - start
    if size == 0:
        return EMPTY_ROOT
    if size & (size - 1) == 0 and start % size == 0:
        level = size.bit_length() - 1
        return perfect(level, start >> level)
    k = split(size)
    return node_hash(subtree_hash(start, start + k, perfect), subtree_hash(start + k, end, perfect))


def root(size, perfect):
    return subtree_hash(0, size, perfect)


def inclusion_proof(index, size, perfect):
    """PATH(index, D[size]) of RFC 9162 §2.1.3.1, deepest sibling first."""
    if not 0 <= index < size:
        raise ProofError("leaf index out of range")
    path, start, end = [], 0, size
    while end - start > 1:
        k = split(end - start)
        if index < start + k:
            path.append(subtree_hash(start + k, end, perfect))
            end = start + k
        else:
            path.append(subtree_hash(start, start + k, perfect))
            start += k
    return path[::-1]


def consistency_proof(old_size, new_size, perfect):
    """PROOF(old_size, D[new_size]) of RFC 9162 §2.1.4.1; empty when old_size is 0 or equals new_size."""
    if not 0 <= old_size <= new_size:
        raise ProofError("tree sizes out of range")
    if old_size in (0, new_size):
        return []
    proof, start, end, whole = [], 0, new_size, True
    while old_size - start != end - start:
        k = split(end - start)
        if old_size - start <= k:
            proof.append(subtree_hash(start + k, end, perfect))
            end = start + k
        else:
            proof.append(subtree_hash(start, start + k, perfect))
            start, whole = start + k, False
    if not whole:
        proof.append(subtree_hash(start, end, perfect))
    return proof[::-1]


def verify_inclusion(leaf, index, size, path, expected_root):
    """RFC 9162 §2.1.3.2; raises ProofError unless `leaf` (a leaf hash) sits at `index` under `expected_root`."""
    if not 0 <= index < size:
        raise ProofError("leaf index out of range")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise ProofError("proof too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0 or r != expected_root:
        raise ProofError("inclusion proof does not match the root")


def verify_consistency(old_size, new_size, old_root, new_root, proof):
    """RFC 9162 §2.1.4.2; raises ProofError unless the tree of `old_size` is a prefix of the one of `new_size`."""
    if not 0 <= old_size <= new_size:
        raise ProofError("tree sizes out of range")
    if old_size == new_size:
        if proof or old_root != new_root:
            raise ProofError("equal sizes need equal roots and an empty proof")
        return
    if old_size == 0:
        if proof:
            raise ProofError("a proof from the empty tree is empty")
        return
    if not proof:
        raise ProofError("empty consistency proof")
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("proof too long")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0 or fr != old_root or sr != new_root:
        raise ProofError("consistency proof does not match the roots")


def new_perfect_nodes(old_size, leaves, perfect):
    """The perfect subtrees completed by appending `leaves` (leaf hashes) to a tree of `old_size`:
    {(level, index): hash}. Reads only the old tree's right edge through `perfect`."""
    made = {(0, old_size + i): leaf for i, leaf in enumerate(leaves)}
    new_size, level = old_size + len(leaves), 0
    while (new_size >> (level + 1)) > (old_size >> (level + 1)):
        first, last = old_size >> (level + 1), new_size >> (level + 1)
        for index in range(first, last):
            children = [(level, 2 * index), (level, 2 * index + 1)]
            left, right = (made[key] if key in made else perfect(*key) for key in children)
            made[(level + 1, index)] = node_hash(left, right)
        level += 1
    return made


def needed(compute):
    """The (level, index) keys `compute(perfect)` reads, found by a dry run: fetch them in one query."""
    keys = []

    def record(level, index):
        keys.append((level, index))
        return EMPTY_ROOT

    compute(record)
    return keys
