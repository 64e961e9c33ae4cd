"""The page for a request that failed: 503 while Redis or the database is unreachable (clarion.core.outage),
else Django's 500."""

import sys

from django.http import HttpResponse
from django.template.loader import get_template
from django.views.defaults import server_error as django_server_error

from clarion.core import outage

# Each says honestly what is paused: without Redis only signed-in pages; without the database, everything.
PAGES = {outage.redis: "503.html", outage.database: "503_database.html"}


def server_error(request):
    """settings' handler500: called while the request's exception is being handled, so sys.exc_info() names it."""
    exc_info = sys.exc_info()
    notice = outage.notice_for(exc_info[1])
    if notice is None:
        return django_server_error(request)
    notice.failed(exc_info[1], "a request")
    # Rendered without the request, as the 500 page is: its context processors may need what is down.
    response = HttpResponse(get_template(PAGES[notice]).render(), status=503)
    response["Retry-After"] = "60"
    return response
