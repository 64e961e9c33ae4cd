"""Working links kept out of logs: the token part of every URL pattern that has one is masked.

Which paths carry a token is read from Django's URL configuration (every pattern with a part named like
`token`), so a new private link is masked without anyone remembering to list it here. Imported by the
access logger and by logging filters before the apps are loaded: Django's URLs are read on first use.
"""

import re

from clarion.core import memo

MASK = "*****"


def _walk(patterns, prefix=""):
    for entry in patterns:
        part = entry.pattern.regex.pattern.removeprefix("^")
        if hasattr(entry, "url_patterns"):
            yield from _walk(entry.url_patterns, prefix + part)
        else:
            yield prefix + part.removesuffix(r"\Z").removesuffix("$")


@memo.lru(maxsize=1)
def token_patterns():
    """Unanchored regexes of the URL paths with a token part, found anywhere in a line, with the token names."""
    from django.urls import get_resolver

    found = []
    for pattern in dict.fromkeys(_walk(get_resolver().url_patterns)):
        regex = re.compile("/" + pattern)
        names = [name for name in regex.groupindex if "token" in name]
        if names:
            found.append((regex, names))
    return found


def token_path_prefixes():
    """The fixed start of every path with a token, up to the token (for the nginx sample's log map)."""
    prefixes = (regex.pattern[: regex.pattern.index(f"(?P<{names[0]}>")] for regex, names in token_patterns())
    return list(dict.fromkeys(re.sub(r"\(\?P<\w+>", "(?:", prefix) for prefix in prefixes))


def _masked(match, names):
    text, start = match.group(0), match.start(0)
    for name in sorted(names, key=match.start, reverse=True):
        if match.start(name) >= 0:
            text = text[: match.start(name) - start] + MASK + text[match.end(name) - start:]
    return text


@memo.lru(maxsize=1)
def _any_token_path():
    return re.compile("|".join(token_path_prefixes()) or "(?!)")


def scrub(text):
    """`text` (a path, a URL, a request line) with every token of a private link masked."""
    if not isinstance(text, str) or not _any_token_path().search(text):
        return text
    for regex, names in token_patterns():
        text = regex.sub(lambda match, names=names: _masked(match, names), text)
    return text
