"""The target's private link: the pack's files for as long as the link lasts, each download logged."""

from django.core import signing
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from clarion.core import languages
from clarion.delivery import actions
from clarion.delivery.files import pack_file
from clarion.delivery.links import read_pack_token
from clarion.delivery.models import DeliveryPack, PackStatus


def _pack(request, token):
    try:
        pk = read_pack_token(token)
    except (signing.BadSignature, ValueError, KeyError, TypeError):
        return None
    return get_object_or_404(DeliveryPack.objects.select_related("petition"), pk=pk, status=PackStatus.READY,
                             sent_at__isnull=False)


def _gone(request):
    return TemplateResponse(request, "delivery/link_expired.html", {}, status=410)


def pack(request, token):
    found = _pack(request, token)
    if found is None:
        return _gone(request)
    response = languages.answered_in(found.petition.language, lambda: TemplateResponse(
        request, "delivery/pack.html", {"pack": found, "token": token}))
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


def pack_download(request, token, filename):
    found = _pack(request, token)
    if found is None:
        return _gone(request)
    response = pack_file(found, filename)
    actions.record_download(found, filename, acting_user=None)
    return response
