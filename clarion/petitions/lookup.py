"""Public petitions by id, kept a few seconds in each process.

Every signature and every count request names its petition; Wagtail's live-and-public query costs more than
the rest of signing's reads together. A page changed here is forgotten at once; other processes see the
change within CLARION_PETITION_CACHE_SECONDS (the opening and closing times are checked on every request).
"""

import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from wagtail.signals import page_published, page_unpublished

from clarion.core import memo
from clarion.petitions.models import PetitionPage

_pages = memo.kept_dict(f"{__name__}._pages")
MAX_ENTRIES = 1000


def public_petition(pk):
    """The live, public petition with this id, or Http404 (unknown ids are remembered too)."""
    now = time.monotonic()
    entry = _pages.get(pk)
    if entry is None or entry[0] <= now:
        page = PetitionPage.objects.live().public().filter(pk=pk).first()
        if len(_pages) >= MAX_ENTRIES:
            _pages.clear()
        entry = _pages[pk] = (now + settings.CLARION_PETITION_CACHE_SECONDS, page)
    if entry[1] is None:
        raise Http404("No such petition")
    return entry[1]


def forget_petitions():
    _pages.clear()


@receiver([post_save, post_delete], sender=PetitionPage)
@receiver([page_published, page_unpublished])
def _page_changed(**kwargs):
    forget_petitions()
