import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")
django_application = get_wsgi_application()

from clarion.core import pagecache  # noqa: E402 (both need the settings Django has just set up)
from clarion.petitions import refusals  # noqa: E402

# Answered before Django builds a request: anonymous visitors' kept page views (clarion.core.pagecache), and
# signing posts from an address over its refusal limit (clarion.petitions.refusals).
application = pagecache.front(refusals.front(django_application))
