import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.utils.module_loading import import_string

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")


def with_fronts(django_application):
    """`django_application` wrapped in the fronts CLARION_WSGI_FRONTS names, the first one outermost: each
    answers what it can before Django builds a request, and passes the rest on."""
    application = django_application
    for dotted_path in reversed(settings.CLARION_WSGI_FRONTS):
        application = import_string(dotted_path)(application)
    return application


application = with_fronts(get_wsgi_application())
