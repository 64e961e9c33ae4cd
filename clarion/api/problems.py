"""Every refusal of the API as a problem document (RFC 9457, application/problem+json): a 4xx that says
what was wrong, never an HTML page or a traceback, whatever the client sent."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

CONTENT_TYPE = "application/problem+json"
# A stable, documented type per kind of problem (docs/api.md#problems); the rest are "about:blank".
TYPE_BASE = "https://clarion.invalid/problems/"


def problem(status_code, title, detail="", *, kind="", **extra):
    """A problem response outside DRF (Django's 404 under /api/, a body refused before parsing)."""
    body = {"type": TYPE_BASE + kind if kind else "about:blank", "title": str(title), "status": status_code}
    if detail:
        body["detail"] = str(detail)
    body.update(extra)
    return JsonResponse(body, status=status_code, content_type=CONTENT_TYPE,
                        json_dumps_params={"ensure_ascii": False})


def _invalid_fields(detail):
    """DRF's nested validation errors as a flat list of {"field", "message"} (RFC 9457's extension member)."""
    found = []

    def walk(value, path):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(inner, path if not isinstance(inner, dict | list) else f"{path}[{index}]")
        else:
            found.append({"field": path or "non_field_errors", "message": str(value)})

    walk(detail, "")
    return found


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API exception: Django's 500 handling, which the tests forbid reaching
    if isinstance(exc, exceptions.ValidationError):
        answer = problem(response.status_code, _("The request was not valid."), kind="invalid",
                         errors=_invalid_fields(exc.detail))
    else:
        detail = exc.detail if isinstance(getattr(exc, "detail", None), str) else ""
        kind = getattr(exc, "default_code", "") or ""
        title = {
            status.HTTP_401_UNAUTHORIZED: _("An API key is needed."),
            status.HTTP_403_FORBIDDEN: _("This key may not do that."),
            status.HTTP_404_NOT_FOUND: _("Not found."),
            status.HTTP_405_METHOD_NOT_ALLOWED: _("Method not allowed."),
            status.HTTP_406_NOT_ACCEPTABLE: _("Not acceptable."),
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: _("Unsupported media type."),
            status.HTTP_429_TOO_MANY_REQUESTS: _("Too many requests."),
        }.get(response.status_code, _("The request was refused."))
        answer = problem(response.status_code, title, detail, kind=kind)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            answer[header] = response[header]
    return answer
