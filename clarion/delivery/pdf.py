"""HTML to PDF with WeasyPrint, from strings only: a pack never fetches anything over the network."""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# WeasyPrint logs every page it lays out at INFO: thousands of lines per pack in the worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The site's own Vazirmatn files, read from disk: Persian and Arabic text needs their glyphs and shaping.
FONTS = Path(settings.BASE_DIR) / "static" / "clarion" / "fonts"


def font_url(name):
    return (FONTS / name).as_uri()


class _FontsOnly(URLFetcher):
    """Nothing over the network: only the font files beside the site's stylesheet may be read."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file":
            wanted = Path(unquote(parts.path)).resolve()
            if wanted.parent == FONTS.resolve() and wanted.suffix == ".woff2" and wanted.is_file():
                return URLFetcherResponse(url, wanted.read_bytes(), {"Content-Type": "font/woff2"})
        raise ValueError(f"The delivery pack fetches nothing: {url}")


def write_pdf(html, path):
    HTML(string=html, url_fetcher=_FontsOnly()).write_pdf(path)
