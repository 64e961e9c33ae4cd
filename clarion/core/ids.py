"""Ids from URLs and query strings: a number no database column can hold is "not found", never a crash.

Python's integers have no limit and the database's do (SQLite and PostgreSQL's bigint end at 2^63 − 1):
an id past that raised OverflowError deep in a query, a 500. The `id` path converter (registered once, in
CoreConfig.ready) refuses such a number, and 0, while the URL is matched, so the view is never called and
the visitor gets a 404; `bounded_ids` gives Wagtail's own `<int:…_id>` URL parts the same bounds. An id that
comes in a query string or a form and still overflows a query is answered 400 by OutOfRangeMiddleware.
"""

import logging
import re

from django.http import HttpResponseBadRequest
from django.urls import URLResolver
from django.urls.converters import IntConverter

logger = logging.getLogger(__name__)

MAX_ID = 2**63 - 1
# URL parts that name a row (Wagtail's and ours): pk, id, page_id, workflow_pk, …
ID_NAME = re.compile(r"^(pk|id|\w+_id|\w+_pk)$")


class IdConverter:
    """`<id:pk>`: like `<int:pk>`, but only numbers a database id column can hold."""

    regex = "[0-9]+"

    def to_python(self, value):
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError("id out of range")  # the URL does not match: 404
        return number

    def to_url(self, value):
        return str(value)


def parse_id(value):
    """The id a query-string value names, or None when it is not one (a word, negative, out of range)."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def bounded_ids(patterns):
    """Give the `<int:…>` id parts of these URL patterns (Wagtail's included) the bounds of `<id:…>`, in place."""
    for entry in patterns:
        converters = getattr(entry.pattern, "converters", {})
        for name, converter in converters.items():
            if type(converter) is IntConverter and ID_NAME.match(name):
                converters[name] = IdConverter()
        if isinstance(entry, URLResolver):
            bounded_ids(entry.url_patterns)
    return patterns


class OutOfRangeMiddleware:
    """A number too large for the database, from a query string or a form, is the visitor's mistake: 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OverflowError):
            return None
        view = request.resolver_match.view_name if request.resolver_match else "?"
        logger.warning("A number out of range in a request to %s: %s", view, exception)
        return HttpResponseBadRequest("A number in this request is out of range.",
                                      content_type="text/plain; charset=utf-8")
