"""Supporters to manage, a page with the sign-up block, and the sign-up a visitor makes through it."""

import contextlib
import re
import zlib

from django.core import signing

from clarion.supporters import actions
from clarion.supporters.models import Supporter

NOTICE = "Yes, send me news of the Tamsin Valley campaign. I can unsubscribe at any time."
CONFIRM_LINK = re.compile(r"\S*/supporters/signup/confirm/[^/\s]+/")
NOTICE_FIELD = re.compile(r'name="notice" value="([^"]+)"')


def sign_up(client, page, email="miriam@example.org", name="Miriam Rezaei", ip="198.51.100.20", **overrides):
    """Open the page, then post its sign-up form as a browser would; returns the unfollowed answer."""
    html = client.get(page.url).content.decode()
    data = {"email": email, "name": name, "website": "", "language": "en",
            "notice": NOTICE_FIELD.search(html).group(1)} | overrides
    return client.post("/supporters/signup/", data, REMOTE_ADDR=ip)


def confirm_link_in(message):
    return CONFIRM_LINK.search(message.get_body(("plain",)).get_content()).group(0)


def path_of(url):
    return "/supporters/" + url.split("/supporters/", 1)[1]


def subscriber(email="kaveh@example.org", name="Kaveh Tehrani", **fields):
    """A supporter who opted in through a petition."""
    supporter = actions.record_supporter(email, name=name, **fields)
    actions.opt_in(supporter, channel="petition", notice_text="Keep me informed.", ip="203.0.113.7")
    return Supporter.objects.get(pk=supporter.pk)


def what_anyone_can_read(token):
    """Everything readable in a token without the key: its base64 parts, decompressed where they can be."""
    readable = []
    for part in token.replace(":", ".").split("."):
        try:
            raw = signing.b64_decode(part.encode())
        except (ValueError, TypeError):
            continue
        readable.append(raw)
        with contextlib.suppress(zlib.error):
            readable.append(zlib.decompress(raw))
    return b"".join(readable).decode("latin-1")
