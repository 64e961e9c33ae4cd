import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site

# Site names by host, kept a few seconds per process: every page and every refused post shows one, and
# finding the site costs a query.
_names = {}
NAME_SECONDS = 5


def _site_name(request):
    key = request.get_host()
    now = time.monotonic()
    entry = _names.get(key)
    if entry is None or entry[0] <= now:
        site = Site.find_for_request(request)
        if len(_names) > 100:
            _names.clear()
        entry = _names[key] = (now + NAME_SECONDS, (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME)
    return entry[1]


@receiver([post_save, post_delete], sender=Site)
def _forget_site_names(**kwargs):
    _names.clear()


def site_settings(request):
    return {"CLARION_SITE_NAME": _site_name(request), "CLARION_BASE_URL": settings.CLARION_BASE_URL}
