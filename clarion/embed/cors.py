"""Answers the embed sends across origins: JSON problem documents, and the CORS headers that let a partner's
page read them. Only the petition's partner origins are named in Access-Control-Allow-Origin for signing; the
read-only document is public (see clarion.embed.document)."""

from django.http import JsonResponse
from django.utils.cache import patch_vary_headers

PREFLIGHT_SECONDS = 600


def allow(response, origin):
    if origin:
        response["Access-Control-Allow-Origin"] = origin
    patch_vary_headers(response, ["Origin"])
    return response


def preflight_headers(response):
    response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Content-Type"
    response["Access-Control-Max-Age"] = str(PREFLIGHT_SECONDS)
    return response


def problem(status, title, detail, errors=None, *, origin=None):
    """An RFC 9457 problem document; `errors` maps fields to their messages, as the form shows them."""
    body = {"type": "about:blank", "title": str(title), "status": status, "detail": str(detail)}
    if errors:
        body["errors"] = {name: [str(message) for message in messages] for name, messages in errors.items()}
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    response["Cache-Control"] = "no-store"
    return allow(response, origin)
