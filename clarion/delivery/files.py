"""Serving a built pack's files: only the names the build recorded, only from the pack's own private folder."""

from django.http import FileResponse, Http404

CONTENT_TYPES = {".pdf": "application/pdf", ".csv": "text/csv; charset=utf-8"}


def pack_file(pack, filename):
    """The file as a download; 404 for a name the build did not write (no path ever comes from the URL)."""
    if filename not in (pack.files or []):
        raise Http404
    path = pack.directory / filename
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"),  # noqa: SIM115 (FileResponse closes it once sent)
                            as_attachment=True, filename=f"{pack.petition.slug}-{filename}")
    response["Content-Type"] = CONTENT_TYPES[path.suffix]
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response
