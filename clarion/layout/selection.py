"""Which modules a visitor sees where: one query for all positions of a page, filtered in Python.

A module's placement (position, order, page assignments, publish state) is the original's, the lowest pk of its
translation group; its words are those of its live translation in the page's language, else the original's.
Editors translate a module's text only, and its translations stay where the original is by construction.

Every render asks, so a process keeps each language's modules (their words and prefetched choosers) while it
keeps rendered pages (`KeptWithPages`): publishing a module, or anything else that makes kept pages stale,
forgets them. Which of them a page shows is judged afresh on every render.
"""

from collections import defaultdict

from django.db.models import Min, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone, translation

from clarion.core.pagecache import KeptWithPages
from clarion.core.prefetch import prefetch_choosers
from clarion.layout.models import Module, ModulePage

# What a translation brings to its original: its words, never its placement.
TRANSLATED_FIELDS = ("title", "show_title", "body")
_kept = KeptWithPages("clarion.layout.selection.modules")


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
                    "page__translation_key", "page__locale_id",
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


class Lineage:
    """The translation keys of `page`'s ancestors (its subpages' assignments hold in every language's tree),
    looked up only when asked: a page in the assigned page's own tree is judged by its path alone."""

    def __init__(self, page):
        self._page, self._keys = page, None

    def __contains__(self, translation_key):
        if self._keys is None:
            self._keys = (set() if self._page is None
                          else set(self._page.get_ancestors().values_list("translation_key", flat=True)))
        return translation_key in self._keys


def _language_modules(language_code):
    modules = in_language(list(visible_modules()), language_code)
    prefetch_choosers(module.body for module in modules)
    for module in modules:
        list(module.body)  # read the blocks now, while the pool holds what they point to: kept, they are read-only
    return modules


def modules_by_position(page, language_code=None):
    """Map each position name to the modules shown there on `page` (None: a page outside the tree)."""
    language_code = language_code or translation.get_language()
    keeping = _kept.keeping()
    modules = (_kept.get(language_code, lambda: _language_modules(language_code)) if keeping
               else in_language(list(visible_modules()), language_code))
    lineage = Lineage(page)
    positions = defaultdict(list)
    for module in modules:
        if module.shows_on(page, lineage):
            positions[module.position].append(module)
    if not keeping:  # made for this render alone: load what the shown modules point to, and no more
        prefetch_choosers(module.body for modules in positions.values() for module in modules)
    return positions
