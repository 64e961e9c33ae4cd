"""Who recruited whom: counted level by level with one set query per level, never one query per person."""

from clarion.petitions.models import Signature, SignatureState

# Keeps each IN (...) list well under SQLite's bound-parameter limit.
CHUNK = 5000


def _chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def counted_signatures(petition=None):
    rows = Signature.objects.filter(state=SignatureState.VALIDATED, supporter__isnull=False)
    return rows.filter(petition=petition) if petition else rows


def _recruited_by(frontier, rows):
    """The supporters behind the counted signatures that people in `frontier` brought, one row each."""
    found = []
    for chunk in _chunks(frontier):
        found.extend(rows.filter(referrer_id__in=chunk).values_list("supporter_id", flat=True))
    return found


def recruits_by_level(supporter):
    """People who signed through `supporter`: [direct, their recruits, …], each person counted once."""
    rows = counted_signatures()
    seen, frontier, levels = {supporter.pk}, {supporter.pk}, []
    while frontier:
        frontier = set(_recruited_by(frontier, rows)) - seen
        if frontier:
            levels.append(len(frontier))
            seen |= frontier
    return levels


def people_by_depth(petition=None):
    """Counted signers by how far down a chain they are: [came by themselves, recruited by those, …].

    The second value counts signers whose recruiter is not a counted signer, so no chain reaches them.
    """
    rows = counted_signatures(petition)
    level = set(rows.filter(referrer__isnull=True).values_list("supporter_id", flat=True))
    seen, depths = set(level), []
    while level:
        depths.append(len(level))
        level = set(_recruited_by(level, rows)) - seen
        seen |= level
    return depths, rows.values("supporter_id").distinct().count() - len(seen)
