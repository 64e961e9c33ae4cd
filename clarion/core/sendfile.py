"""Documents sent by nginx after Wagtail's view has decided who may have them (SENDFILE_BACKEND).

The view checks the document's collection restrictions, then answers with an empty body and
`X-Accel-Redirect: <CLARION_DOCUMENTS_ACCEL_PREFIX><path under MEDIA_ROOT>`; nginx serves that path from an
`internal` location no visitor can request (deploy/nginx/clarion.conf), so no Python thread streams the file.
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse


class AccelRedirect(HttpResponse):
    """An empty answer: the file's length is nginx's to send, not this body's (Wagtail sets one)."""

    def __setitem__(self, header, value):
        if header.lower() != "content-length":
            super().__setitem__(header, value)


def sendfile(request, filename, **kwargs):
    relative = Path(filename).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
    response = AccelRedirect()
    response["X-Accel-Redirect"] = settings.CLARION_DOCUMENTS_ACCEL_PREFIX.rstrip("/") + "/" + quote(
        relative.as_posix())
    return response
