"""HTML to PDF with WeasyPrint, from strings only: a pack never fetches anything over the network."""

import logging

from weasyprint import HTML

# WeasyPrint logs every page it lays out at INFO: thousands of lines per pack in the worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"The delivery pack fetches nothing: {url}")


def write_pdf(html, path):
    HTML(string=html, url_fetcher=_no_fetch).write_pdf(path)
