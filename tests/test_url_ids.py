"""Pete tries ids no database can hold: every URL of the site with a number in it (Clarion's, the Wagtail
admin's, our own admin tools'), and every admin page that takes an id in its query string, with 0, −1 (where
the URL admits it), 2^63 and 2^64, as a stranger and as a superuser, by GET and by POST. He gets "not found"
or "bad request", never a server error."""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = [0, -1, 2**63, 2**64]
# What a non-numeric part of a URL is given, so the request reaches the code that reads the number.
PLAUSIBLE = {
    "app_name": "petitions", "model_name": "petitionsettings", "app_label": "layout",
    "content_type_app_name": "petitions", "content_type_model_name": "petitionpage",
    "action_name": "approve", "filter_spec": "original", "revision_id_a": "earliest", "revision_id_b": "latest",
}
NUMERIC = re.compile(r"^(pk|id|.*_id|.*_pk|_\d+)$")
# Admin pages that read an id from their query string (filters, choosers, segment conditions).
QUERY_IDS = {
    "/admin/petitions/": ["petition"], "/admin/petitions/comments/": ["petition"], "/admin/spread/": ["petition"],
    "/admin/alerts_segments/count/": ["signed_petition", "not_signed_petition"],
    "/admin/petitions/signatures/": ["petition"], "/admin/petitions/signatures/results/": ["petition"],
    "/admin/supporters/": ["petition"], "/admin/pages/search/": ["content_type"],
}


def _leaves(resolver, prefix=()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _leaves(entry, (*prefix, entry))
        else:
            yield (*prefix, entry)


def _template(chain):
    """('%(pk)s/sign/'-style path template, parameter names) of one URL pattern, from the root."""
    path, names = "", []
    for level in chain:
        fmt, params = normalize(level.pattern.regex.pattern)[0]
        path += fmt
        names += params
    return "/" + path, names


def _fill(template, names, number_param, value):
    values = {}
    for name in names:
        if name == number_param:
            values[name] = str(value)
        else:
            values[name] = PLAUSIBLE.get(name, "1" if NUMERIC.match(name) else "x")
    return template % values


def _resolves(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _numeric_params(template, names):
    """The parts of a URL that take a number: those that accept digits and refuse a word, or are named as ids."""
    numeric = []
    for name in names:
        digits = _resolves(_fill(template, names, name, 7))
        word = _resolves(_fill(template, names, name, "zz"))
        if digits and (not word or NUMERIC.match(name)):
            numeric.append(name)
    return numeric


def urls_with_numbers():
    found = {}
    for chain in _leaves(get_resolver()):
        template, names = _template(chain)
        for name in _numeric_params(template, names):
            paths = [_fill(template, names, name, value) for value in OUT_OF_RANGE]
            found[f"{template}[{name}]"] = [path for path in paths if _resolves(path)]
    return found


URLS = urls_with_numbers()


def test_the_walk_finds_the_urls_that_answered_500():
    expected = ["/petitions/%(pk)s/sign/[pk]", "/petitions/%(pk)s/count.json[pk]", "/petitions/%(pk)s/thanks/[pk]",
                "/petitions/%(pk)s/check-your-email/[pk]", "/admin/petitions/%(petition_id)s/export.csv[petition_id]",
                "/admin/petitions/%(petition_id)s/trending/[petition_id]", "/admin/pages/%(page_id)s/edit/[page_id]"]
    assert set(expected) <= set(URLS)
    assert len(URLS) > 150


def _server_errors(client, paths):
    errors = []
    for path in paths:
        for method in ("get", "post"):
            status = getattr(client, method)(path).status_code
            if status >= 500:
                errors.append(f"{method.upper()} {path} -> {status}")
    return errors


@pytest.fixture
def visitors(django_user_model):
    """A stranger, and a superuser logged in to the admin."""
    staff = Client(raise_request_exception=False)
    staff.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw"))
    return [Client(raise_request_exception=False), staff]


@pytest.mark.parametrize("pattern", sorted(URLS))
def test_an_out_of_range_id_in_the_path_is_never_a_server_error(visitors, pattern):
    assert [error for client in visitors for error in _server_errors(client, URLS[pattern])] == []


@pytest.mark.parametrize("path", sorted(QUERY_IDS))
def test_an_out_of_range_id_in_the_query_string_is_never_a_server_error(visitors, path):
    paths = [f"{path}?{name}={value}" for name in QUERY_IDS[path] for value in OUT_OF_RANGE]
    assert [error for client in visitors for error in _server_errors(client, paths)] == []
