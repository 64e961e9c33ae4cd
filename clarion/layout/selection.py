"""Which modules a visitor sees where: one query for all positions of a page, filtered in Python.

A module's placement (position, order, page assignments, publish state) is the original's, the lowest pk of its
translation group; its words are those of its live translation in the page's language, else the original's.
Editors translate a module's text only, and its translations stay where the original is by construction.
"""

from collections import defaultdict

from django.db.models import Min, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone, translation

from clarion.core.prefetch import prefetch_choosers
from clarion.layout.models import Module, ModulePage

# What a translation brings to its original: its words, never its placement.
TRANSLATED_FIELDS = ("title", "show_title", "body")


def visible_modules():
    """Published original modules inside their publish window, in editor order, with their page assignments."""
    now = timezone.now()
    first_of_group = (Module.objects.filter(translation_key=OuterRef("translation_key"))
                      .values("translation_key").annotate(first=Min("pk")).values("first"))
    return (
        Module.objects.filter(live=True, pk=Subquery(first_of_group))
        .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .prefetch_related(
            Prefetch(
                "page_assignments",
                queryset=ModulePage.objects.select_related("page").only(
                    "module_id", "page_id", "include_subpages", "page__path", "page__depth",
                    "page__translation_key",
                ),
            )
        )
        .order_by("sort_order", "pk")
    )


def in_language(modules, language_code):
    """The modules with the words of their live translation in `language_code` where there is one."""
    by_key = {module.translation_key: module for module in modules}
    if not by_key:
        return modules
    translations = (Module.objects.filter(translation_key__in=by_key, locale__language_code=language_code,
                                          live=True)
                    .exclude(pk__in=[module.pk for module in modules]).only("translation_key", *TRANSLATED_FIELDS))
    for found in translations:
        original = by_key[found.translation_key]
        for field in TRANSLATED_FIELDS:
            setattr(original, field, getattr(found, field))
    return modules


def _lineage(page):
    """The translation keys of `page`'s ancestors: its subpages' assignments hold in every language's tree."""
    if page is None:
        return set()
    return set(page.get_ancestors().values_list("translation_key", flat=True))


def modules_by_position(page, language_code=None):
    """Map each position name to the modules shown there on `page` (None: a page outside the tree)."""
    modules = list(visible_modules())
    lineage = _lineage(page) if any(module.assignment != "all" for module in modules) else set()
    positions = defaultdict(list)
    for module in in_language(modules, language_code or translation.get_language()):
        if module.shows_on(page, lineage):
            positions[module.position].append(module)
    prefetch_choosers(module.body for modules in positions.values() for module in modules)
    return positions
