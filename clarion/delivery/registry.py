"""What other apps plug into the pack without delivery importing them (filled in their AppConfig.ready()).

- the transparency log's signed tree head for a petition (a dict of label → value shown in the PDF), and
- the petition lifecycle's record of a delivery (called once the pack has been sent to the target).
"""

_tree_head = None
_delivery_recorders = []


def register_tree_head(provider):
    """`provider(petition)` returns the signed tree head as {label: value}, or None when there is none yet."""
    global _tree_head
    _tree_head = provider


def tree_head(petition):
    return _tree_head(petition) if _tree_head else None


def register_delivery_recorder(recorder):
    """`recorder(petition, *, delivered_at, to, pack_id, acting_user)`; e.g. petitions.actions.record_delivery."""
    if recorder not in _delivery_recorders:
        _delivery_recorders.append(recorder)


def record_delivery(petition, **details):
    for recorder in _delivery_recorders:
        recorder(petition, **details)
