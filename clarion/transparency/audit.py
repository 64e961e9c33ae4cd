"""verify_count: the published total recomputed from the database, and every way it could disagree."""

from collections import Counter

from cryptography.exceptions import InvalidSignature

from clarion.petitions.models import PetitionCount, Signature
from clarion.transparency import heads, merkle
from clarion.transparency.models import EntryKind, LogEntry, LogState, Node, Receipt, TreeHead


def problems(petition_id):
    """Every disagreement between the log, its nodes, its signed heads, the signatures and the published
    total, as plain sentences; empty when they all agree."""
    found = []
    entries = list(LogEntry.objects.filter(petition_id=petition_id).order_by("index")
                   .values_list("index", "kind", "receipt_hash"))
    if [index for index, _k, _h in entries] != list(range(len(entries))):
        found.append("The log's entries are not numbered 0, 1, 2, … without gaps: an entry was removed.")
    leaves = [merkle.leaf_hash(bytes([kind]) + bytes(digest)) for _i, kind, digest in entries]
    nodes = merkle.new_perfect_nodes(0, leaves, lambda level, index: None)
    stored = {(level, index): bytes(digest) for level, index, digest in
              Node.objects.filter(petition_id=petition_id).values_list("level", "index", "hash")}
    if stored != nodes:
        found.append(f"{sum(stored.get(k) != v for k, v in nodes.items()) + len(stored.keys() - nodes.keys())} "
                     "stored tree hashes differ from the ones the entries give.")
    found += _head_problems(petition_id, len(leaves), lambda level, index: nodes[(level, index)])
    found += _count_problems(petition_id, entries)
    return found


def _head_problems(petition_id, size, perfect):
    found, public_key = [], heads.public_key_bytes()
    for head in TreeHead.objects.filter(petition_id=petition_id):
        try:
            heads.verify(head, public_key)
        except InvalidSignature:
            found.append(f"The head of size {head.tree_size} does not carry a valid signature.")
        if head.tree_size > size:
            found.append(f"The head of size {head.tree_size} is larger than the log ({size} entries).")
        elif bytes(head.root_hash) != merkle.root(head.tree_size, perfect):
            found.append(f"The head of size {head.tree_size} does not match the entries: the log was rewritten.")
    return found


def _count_problems(petition_id, entries):
    found = []
    tally = Counter()
    for _index, kind, digest in entries:
        tally[bytes(digest)] += 1 if kind == EntryKind.COUNT else -1
    if any(n not in (0, 1) for n in tally.values()):
        found.append("A receipt is counted more than once, or revoked more often than counted.")
    in_log = {digest for digest, n in tally.items() if n == 1}
    counted = Signature.objects.filter(petition_id=petition_id, counted=True)
    with_receipts = {bytes(h) for h in
                     Receipt.objects.filter(signature__in=counted).values_list("receipt_hash", flat=True)}
    erased = {bytes(h) for h in Receipt.objects.filter(petition_id=petition_id, signature__isnull=True)
              .values_list("receipt_hash", flat=True)}
    if in_log - with_receipts:
        found.append(f"{len(in_log - with_receipts)} receipts count in the log without a counted signature "
                     f"({len(in_log - with_receipts - erased)} of them without any signature row).")
    if with_receipts - in_log:
        found.append(f"{len(with_receipts - in_log)} counted signatures do not count in the log.")
    total = PetitionCount.objects.filter(petition_id=petition_id).values_list("count", flat=True).first() or 0
    log_count = len(in_log)
    state = LogState.objects.filter(petition_id=petition_id).first()
    latest = TreeHead.objects.filter(petition_id=petition_id).order_by("-tree_size").first()
    figures = {"the published total": total, "the log (entries minus revocations)": log_count,
               "the counted signatures": counted.count()}
    if state:
        figures["the log's running count"] = state.count
    if latest and state and latest.tree_size == state.size:
        figures["the latest signed head"] = latest.count
    if len(set(figures.values())) > 1:
        found.append("The counts differ: " + ", ".join(f"{name} {n}" for name, n in figures.items()) + ".")
    return found
