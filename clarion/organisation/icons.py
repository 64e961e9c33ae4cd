"""The favicon, the app icons and the web manifest, made from the organisation's logo (or a default icon).

Browsers ask for /favicon.ico on every first visit whatever the page says, so it always answers: the logo
scaled into a square with transparent margins (a wide logo is not cropped), else Clarion's default icon.
"""

import io
import json
import logging
from pathlib import Path

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from PIL import Image

from clarion.core import memo
from clarion.organisation.identity import for_request

logger = logging.getLogger(__name__)
DEFAULT_ICON = Path(__file__).resolve().parent / "default_icon.png"
SIZES = (32, 180, 192, 512)
CACHE_SECONDS = 3600
THEME_COLOUR = "#b3001b"
# Icons drawn by this process, by logo version and size: browsers ask for them often, the logo rarely changes.
_drawn = memo.kept_dict(f"{__name__}._drawn")


def _source(identity, size):
    """The picture to draw an icon of `size` from: the logo's PNG rendition, else the default icon."""
    if identity.logo is not None:
        try:
            rendition = identity.logo.get_rendition(f"max-{size}x{size}|format-png")
            with rendition.file.open("rb") as file:
                return Image.open(io.BytesIO(file.read()))
        except OSError as error:  # Wagtail's SourceImageIOError too: the file is gone
            logger.warning("The organisation's logo cannot be drawn: %s", error)
    return Image.open(DEFAULT_ICON)


def _draw(identity, size):
    key = (identity.icon_version, size)
    if key not in _drawn:
        picture = _source(identity, size).convert("RGBA")
        picture.thumbnail((size, size))
        square = Image.new("RGBA", (size, size), (0, 0, 0, 0))
        square.paste(picture, ((size - picture.width) // 2, (size - picture.height) // 2))
        out = io.BytesIO()
        square.save(out, "PNG", optimize=True)
        if len(_drawn) > 32:
            _drawn.clear()
        _drawn[key] = out.getvalue()
    return _drawn[key]


def _cached(response):
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


@require_safe
def icon(request, size=32):
    if size not in SIZES:
        raise Http404(_("There is no icon of that size."))
    return _cached(HttpResponse(_draw(for_request(request), size), content_type="image/png"))


@require_safe
def manifest(request):
    identity = for_request(request)
    version = identity.icon_version
    document = {
        "name": identity.name, "short_name": identity.name[:24], "start_url": "/", "display": "browser",
        "theme_color": THEME_COLOUR, "background_color": "#ffffff",
        "icons": [{"src": f"/icons/{size}.png?v={version}", "sizes": f"{size}x{size}", "type": "image/png"}
                  for size in (192, 512)],
    }
    return _cached(HttpResponse(json.dumps(document), content_type="application/manifest+json"))
