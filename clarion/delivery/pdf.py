"""HTML to PDF with WeasyPrint, from strings only: a pack never fetches anything over the network."""

from weasyprint import HTML


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"The delivery pack fetches nothing: {url}")


def write_pdf(html, path):
    HTML(string=html, url_fetcher=_no_fetch).write_pdf(path)
