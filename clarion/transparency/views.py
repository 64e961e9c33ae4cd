"""The public log API (docs/transparency.md) and the page where a signer checks their receipt."""

import base64
import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from clarion.petitions.lookup import public_petition
from clarion.transparency import heads, proofs
from clarion.transparency.models import TreeHead

HEX_HASH = re.compile(r"[0-9a-f]{64}")
MAX_HEADS = 1000


def _b64(data):
    return base64.b64encode(bytes(data)).decode("ascii")


def _public(response):
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=settings.CLARION_COUNT_CACHE_SECONDS)
    return response


def _problem(status, message):
    response = HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _size(request, name, default=None):
    value = request.GET.get(name)
    if value is None and default is not None:
        return default
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 18:
        raise proofs.BadRequest(f"“{name}” must be a whole number of leaves (0 or more).")
    return int(value)


def api(view):
    """The petition looked up first (404 when unknown), then plain-text 4xx for every question it cannot answer."""
    def wrapped(request, pk, **kwargs):
        petition = public_petition(pk)
        try:  # a translation's log is its counting petition's: one log per petition
            return _public(view(request, petition.counting_id, **kwargs))
        except proofs.NotFound as problem:
            return _problem(404, str(problem))
        except proofs.BadRequest as problem:
            return _problem(400, str(problem))
    wrapped.__name__ = view.__name__
    return require_GET(wrapped)


@api
def head_list(request, pk):
    """The list answers even before the first head: empty, as the check page links to it from the start."""
    start = _size(request, "from_size", default=0)
    latest = TreeHead.objects.filter(petition_id=pk).order_by("-tree_size").first()
    rows = TreeHead.objects.filter(petition_id=pk, tree_size__gte=start).order_by("tree_size")[:MAX_HEADS]
    return JsonResponse({"latest": heads.as_json(latest) if latest else None,
                         "heads": [heads.as_json(head) for head in rows]})


@api
def latest_head(request, pk):
    return JsonResponse(heads.as_json(proofs.latest_head(pk)))


@api
def head_at(request, pk, tree_size):
    if tree_size >= 2**62:
        raise proofs.BadRequest("That tree size is out of range.")
    return JsonResponse(heads.as_json(proofs.head_at(pk, tree_size)))


@api
def consistency(request, pk):
    first, second = _size(request, "first"), _size(request, "second")
    path = proofs.consistency(pk, first, second)
    return JsonResponse({"first": first, "second": second, "consistency": [_b64(h) for h in path]})


@api
def inclusion(request, pk, receipt_hash):
    if not HEX_HASH.fullmatch(receipt_hash):
        raise proofs.BadRequest("A receipt hash is the SHA-256 of the receipt: 64 lower-case hexadecimal digits.")
    latest = proofs.latest_head(pk)
    size = _size(request, "tree_size", default=latest.tree_size)
    head = latest if size == latest.tree_size else proofs.head_at(pk, size)
    index, path, revoked = proofs.inclusion(pk, bytes.fromhex(receipt_hash), head)
    return JsonResponse({"leaf_index": index, "tree_size": head.tree_size, "entry": "00" + receipt_hash,
                         "inclusion": [_b64(h) for h in path], "revoked": revoked, "head": heads.as_json(head)})


@require_GET
def public_key(request):
    return _public(JsonResponse({"algorithm": "Ed25519", "public_key": _b64(heads.public_key_bytes())}))


@require_GET
def verify(request, pk):
    petition = public_petition(pk)
    return TemplateResponse(request, "transparency/verify.html", {
        "petition": petition, "log_id": petition.counting_id, "public_key": _b64(heads.public_key_bytes())})
