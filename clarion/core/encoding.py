"""Form posts are read as UTF-8 or not at all.

Django decodes a body in the charset its Content-Type names (Latin-1, say) and turns bytes that are not
UTF-8 into replacement characters: either way what gets stored is not what the person typed. A post that
declares another charset, or carries bytes that are not UTF-8, is refused with a clear 400 before any field
is read (clarion.core.public_post), so nothing of it is stored. Browsers send UTF-8 from our pages; this
catches scripts and old tools.
"""

import codecs
from urllib.parse import unquote_to_bytes

from django.http.request import RawPostDataException

URLENCODED = "application/x-www-form-urlencoded"


def _declared_utf8(request):
    charset = (request.content_params or {}).get("charset")
    if not charset:
        return True
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


def not_utf8(request):
    """Whether a posted form is in another charset than UTF-8. Call it before reading request.POST."""
    if not _declared_utf8(request):
        return True
    try:
        body = request.body
    except RawPostDataException:
        # A multipart body something already parsed: what failed to decode became replacement characters.
        return any("\ufffd" in value for values in request.POST.lists() for value in values[1])
    if request.content_type in (URLENCODED, ""):
        body = unquote_to_bytes(body)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False

