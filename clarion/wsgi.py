import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")
django_application = get_wsgi_application()

from clarion.core.pagecache import front  # noqa: E402 (needs the settings Django has just set up)

# Anonymous visitors' kept page views go out before Django builds a request (clarion.core.pagecache).
application = front(django_application)
