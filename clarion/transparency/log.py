"""Appending to a petition's log, in the counting round's transaction (see clarion.petitions.counting):
signing and confirming never touch the log, so no signer waits on a row the log shares."""

from functools import reduce
from operator import or_

from django.db.models import Q

from clarion.petitions.models import Signature
from clarion.transparency import heads, merkle, receipts
from clarion.transparency.models import EntryKind, LogEntry, LogState, Node, Receipt


def read_nodes(petition_id, keys):
    """{(level, index): hash} for the stored perfect subtrees `keys`, in one query."""
    keys = set(keys)
    if not keys:
        return {}
    rows = Node.objects.filter(reduce(or_, (Q(petition_id=petition_id, level=level, index=index)
                                            for level, index in keys))).values_list("level", "index", "hash")
    return {(level, index): bytes(digest) for level, index, digest in rows}


def computed(petition_id, compute):
    """`compute(perfect)` run over the stored tree, reading what it needs in one query."""
    nodes = read_nodes(petition_id, merkle.needed(compute))
    return compute(lambda level, index: nodes[(level, index)])


def _receipt_hashes(petition_id, signature_ids):
    found = dict(Receipt.objects.filter(signature_id__in=signature_ids).values_list("signature_id", "receipt_hash"))
    missing = [pk for pk in signature_ids if pk not in found]
    found.update(receipts.unknown_receipts(petition_id, missing) if missing else {})
    return [bytes(found[pk]) for pk in signature_ids]


def record_count_change(petition_id, started, stopped):
    """Append a count entry per signature starting to count and a revocation per one stopping, then publish
    a signed head. A log that starts now first takes in every signature counted until now."""
    state, created = LogState.objects.select_for_update().get_or_create(petition_id=petition_id)
    before = []
    if created:
        before = list(Signature.objects.filter(petition_id=petition_id, counted=True).order_by("pk")
                      .values_list("pk", flat=True))
    entries = [(EntryKind.COUNT, h) for h in _receipt_hashes(petition_id, before + list(started))]
    entries += [(EntryKind.REVOKE, h) for h in _receipt_hashes(petition_id, list(stopped))]
    if entries:
        append(petition_id, state, entries)


def append(petition_id, state, entries):
    old_size = state.size
    LogEntry.objects.bulk_create([
        LogEntry(petition_id=petition_id, index=old_size + i, kind=kind, receipt_hash=digest)
        for i, (kind, digest) in enumerate(entries)
    ])
    leaves = [merkle.leaf_hash(bytes([kind]) + digest) for kind, digest in entries]
    edge = read_nodes(petition_id, merkle.needed(lambda perfect: merkle.new_perfect_nodes(old_size, leaves, perfect)))
    made = merkle.new_perfect_nodes(old_size, leaves, lambda level, index: edge[(level, index)])
    Node.objects.bulk_create([Node(petition_id=petition_id, level=level, index=index, hash=digest)
                              for (level, index), digest in made.items()], batch_size=5000)
    state.size = old_size + len(entries)
    state.count += sum(1 if kind == EntryKind.COUNT else -1 for kind, _digest in entries)
    state.save(update_fields=["size", "count"])
    root = computed(petition_id, lambda perfect: merkle.root(state.size, perfect))
    return heads.publish(petition_id, state.size, state.count, root)
