"""Which modules a visitor sees where: one query for all positions of a page, filtered in Python."""

from collections import defaultdict

from django.db.models import Prefetch, Q
from django.utils import timezone

from clarion.core.prefetch import prefetch_choosers
from clarion.layout.models import Module, ModulePage


def visible_modules():
    """Published modules inside their publish window, in editor order, with their page assignments."""
    now = timezone.now()
    return (
        Module.objects.filter(live=True)
        .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .prefetch_related(
            Prefetch(
                "page_assignments",
                queryset=ModulePage.objects.select_related("page").only(
                    "module_id", "page_id", "include_subpages", "page__path", "page__depth"
                ),
            )
        )
        .order_by("sort_order", "pk")
    )


def modules_by_position(page):
    """Map each position name to the modules shown there on `page` (None: a page outside the tree)."""
    positions = defaultdict(list)
    for module in visible_modules():
        if module.shows_on(page):
            positions[module.position].append(module)
    prefetch_choosers(module.body for modules in positions.values() for module in modules)
    return positions
