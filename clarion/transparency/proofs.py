"""What the public API answers: heads, consistency proofs between two sizes and a receipt's inclusion proof,
each read from the stored perfect subtrees in one query."""

from clarion.transparency import merkle
from clarion.transparency.log import computed
from clarion.transparency.models import EntryKind, LogEntry, TreeHead


class NotFound(LookupError):
    """Nothing to answer (no head yet, no such receipt in the log): a 404 with a plain message."""


class BadRequest(ValueError):
    """A question the log cannot be asked (sizes out of range): a 400 with a plain message."""


def latest_head(petition_id):
    head = TreeHead.objects.filter(petition_id=petition_id).order_by("-tree_size").first()
    if head is None:
        raise NotFound("No tree head has been published for this petition yet.")
    return head


def head_at(petition_id, tree_size):
    head = TreeHead.objects.filter(petition_id=petition_id, tree_size=tree_size).first()
    if head is None:
        raise NotFound("No tree head of that size was published for this petition.")
    return head


def consistency(petition_id, first, second):
    latest = latest_head(petition_id)
    if not 0 <= first <= second <= latest.tree_size:
        raise BadRequest(f"Ask for 0 <= first <= second <= {latest.tree_size} (the latest tree size).")
    return computed(petition_id, lambda perfect: merkle.consistency_proof(first, second, perfect))


def inclusion(petition_id, receipt_hash, head):
    """(leaf index, audit path, revoked) of the receipt's count entry in the tree of `head`."""
    # A receipt has an entry or three: filtered here, so the planner uses the (petition, receipt_hash) index
    # instead of walking a million entries in index order.
    entries = sorted((index, kind) for index, kind in LogEntry.objects.filter(
        petition_id=petition_id, receipt_hash=receipt_hash).values_list("index", "kind") if index < head.tree_size)
    counted = [index for index, kind in entries if kind == EntryKind.COUNT]
    if not counted:
        raise NotFound("This receipt is not in this petition's log at that size. A signature joins the log at "
                       "the counting round after it is confirmed: try again in a few minutes.")
    index = counted[-1]
    revoked = any(kind == EntryKind.REVOKE and at > index for at, kind in entries)
    path = computed(petition_id, lambda perfect: merkle.inclusion_proof(index, head.tree_size, perfect))
    return index, path, revoked
