"""Every private link the site makes (every URL pattern with a token part) is masked in logs: by Clarion's own
loggers and by the nginx sample's log format, whose list must follow the URL patterns."""

import re
from pathlib import Path

import pytest
from django.urls import get_resolver, reverse

from clarion.core.netaddr import truncated_ip
from clarion.core.redact import MASK, scrub

ROOT = Path(__file__).resolve().parent.parent.parent
NGINX = (ROOT / "deploy" / "nginx" / "clarion.conf").read_text()
TOKEN = "eyJpZCI6NDJ9:1xYcmN:8mDuxiWpmqPNfZ6Bbhs68GrVqt2OHVnW"


def _private_links(resolver, namespace=""):
    for name, (possibilities, *_rest) in resolver.reverse_dict.items():
        for _bits, params in possibilities if isinstance(name, str) else ():
            if any("token" in param for param in params):
                yield reverse(namespace + name, kwargs={p: TOKEN if "token" in p else "7" for p in params})
    for inner, (_prefix, included) in resolver.namespace_dict.items():
        yield from _private_links(included, f"{namespace}{inner}:")


def private_links():
    """One example path for every named URL pattern with a token part, built by Django itself."""
    return sorted(set(_private_links(get_resolver())))


def nginx_map(source, target, value, default):
    """What the sample's `map <source> <target>` gives for `value` (first matching regex wins), as nginx does."""
    block = re.search(rf"map \{source} \{target} {{(.*?)\n}}", NGINX, flags=re.S).group(1)
    for regex, result in re.findall(r'^\s*"~(.+?)"\s+(\S+?);$', block, flags=re.M):
        match = re.match(regex.replace("(?<", "(?P<"), value)
        if match:
            return re.sub(r"\$\{?(\w+)\}?", lambda m, match=match: match.group(m.group(1)), result.strip('"'))
    return default


def nginx_logged_uri(request_uri):
    return nginx_map("$request_uri", "$clarion_logged_uri", request_uri, request_uri)


def nginx_client(address):
    return nginx_map("$remote_addr", "$clarion_client_net", address, "-")


def test_the_list_of_private_links_comes_from_the_url_patterns():
    links = private_links()
    for expected in ("/petitions/confirm/", "/thanks/", "/supporters/preferences/", "/supporters/unsubscribe/",
                     "/supporters/signup/confirm/", "/spread/invite/", "/spread/impact/", "/spread/never/",
                     "/my-data.json", "/erase/"):
        assert any(expected in link for link in links), expected


@pytest.mark.parametrize("link", private_links())
def test_clarion_masks_every_private_link(link):
    line = f'GET {link}?sent=1 HTTP/1.1" 302 - "https://appeal.example.org{link}"'

    assert TOKEN not in scrub(line)
    assert MASK in scrub(link)


@pytest.mark.parametrize("link", private_links())
def test_the_nginx_sample_masks_every_private_link(link):
    logged = nginx_logged_uri(link + "?ref=abc")

    assert TOKEN not in logged and MASK in logged and "?" not in logged


def test_ordinary_paths_are_logged_as_they_are():
    assert scrub("GET /petition/?ref=abc HTTP/1.1") == "GET /petition/?ref=abc HTTP/1.1"
    assert nginx_logged_uri("/petitions/7/count.json?x=1") == "/petitions/7/count.json"


@pytest.mark.parametrize("address", ["203.0.113.77", "2001:db8:abcd:12:3456::7", "2001:db8::7", "::1"])
def test_addresses_are_cut_to_their_network_in_both_logs(address):
    assert truncated_ip(address) != address
    assert nginx_client(address) != address
    assert nginx_client(address) in (truncated_ip(address), "-") or truncated_ip(address).startswith(
        nginx_client(address).rstrip(":"))
