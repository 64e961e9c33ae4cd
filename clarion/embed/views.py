"""The embedded petition: its script, its public JSON document, the frame for pages with a strict CSP, and
signing from a partner's page.

Signing is taken only from the petition's partner sites: the Origin header a browser sends must be one of their
origins (checked on the preflight and again on the post), or the post comes from the frame on this site and
names one of them. None of these answers sets a cookie: nothing reads or writes the session here.
"""

from functools import lru_cache

from csp.constants import NONE
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from clarion.core.netaddr import client_ip, ip_bucket
from clarion.core.origin import origin_of, own_origins
from clarion.embed import cors
from clarion.embed.allowlist import partner_for_origin, partner_named, partners_of
from clarion.embed.document import language_for, petition_document
from clarion.embed.intake import Refused, elapsed_ms, read_body
from clarion.petitions import actions
from clarion.petitions.forms import SignatureForm
from clarion.petitions.lookup import public_petition
from clarion.petitions.refusals import addresses

SCRIPT = "clarion/embed/petition.js"
SCRIPT_CACHE_SECONDS = 300


@lru_cache(maxsize=1)
def script_source():
    with open(finders.find(SCRIPT), "rb") as source:
        return source.read()


@require_GET
def script(request):
    response = HttpResponse(script_source(), content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, public=True, max_age=SCRIPT_CACHE_SECONDS)
    # Loaded by partners' pages: a page that isolates itself (COEP) may still load it.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _petition_or_none(pk):
    try:
        return public_petition(pk)
    except Http404:
        return None


@require_GET
def document(request, pk):
    petition = _petition_or_none(pk)
    if petition is None:
        response = cors.problem(404, _("Not found"), _("There is no such petition."))
        response["Access-Control-Allow-Origin"] = "*"
        return response
    partner = partner_named(petition, request.GET.get("partner"))
    response = JsonResponse(petition_document(petition, partner, language_for(request.GET.get("lang"))))
    patch_cache_control(response, public=True, max_age=settings.CLARION_COUNT_CACHE_SECONDS)
    # Public, like the count document: nothing in it is more than the petition page shows.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@xframe_options_exempt
@require_GET
def frame(request, pk):
    petition = public_petition(pk)
    partner = partner_named(petition, request.GET.get("partner"))
    language = language_for(request.GET.get("lang"))
    with translation.override(language):
        response = TemplateResponse(request, "embed/frame.html", {
            "petition": petition.in_language(language), "partner": partner, "language": language,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
        })
        response.render()
    # Framed by the petition's partner sites only; the rest of the site keeps frame-ancestors 'self'.
    response._csp_replace = {"frame-ancestors": [p.origin for p in partners_of(petition)] or [NONE]}
    return response


def _refused(request, status, detail, errors=None, origin=None):
    addresses.count(ip_bucket(client_ip(request)))
    titles = {400: _("Bad request"), 403: _("Forbidden"), 404: _("Not found"), 405: _("Method not allowed"),
              413: _("Too large"), 415: _("Unsupported media type"), 429: _("Too many requests")}
    return cors.problem(status, titles.get(status, _("Refused")), detail, errors, origin=origin)


NOT_ALLOWED = _("This site is not one of the petition's partner sites, so it may not collect signatures for it. "
                "Please sign on the petition page.")


@csrf_exempt
def sign(request, pk):
    """Preflight and post of a signature from a partner's page (or from the frame)."""
    origin = request.headers.get("Origin")
    petition = _petition_or_none(pk)
    if petition is None:
        return _refused(request, 404, _("There is no such petition."))
    partner = partner_for_origin(petition, origin)
    if request.method == "OPTIONS":
        if partner is None:
            return cors.problem(403, _("Forbidden"), NOT_ALLOWED)
        return cors.preflight_headers(cors.allow(HttpResponse(status=204), partner.origin))
    if request.method != "POST":
        response = _refused(request, 405, _("Send the signature with POST."))
        response["Allow"] = "POST, OPTIONS"
        return response
    from_frame = origin is not None and partner is None and origin_of(origin) in own_origins()
    if partner is None and not from_frame:
        detail = NOT_ALLOWED if origin else _("The request names no Origin: signing is taken from partner sites "
                                              "only, as a browser sends it.")
        return _refused(request, 403, detail)
    language = language_for(request.GET.get("lang"))
    with translation.override(language):
        # The wordings of the translation in the embed's language; signed in the language asked for.
        return _take(request, petition.in_language(language), partner, from_frame)


def _take(request, petition, partner, from_frame):
    allowed = None if from_frame else partner.origin
    if addresses.over_limit(ip_bucket(client_ip(request))):
        response = _refused(request, 429, _("Too many of your signing attempts were refused. Please wait a "
                                            "minute, then sign again."), origin=allowed)
        response["Retry-After"] = "60"
        return response
    try:
        data = read_body(request)
    except Refused as refusal:
        return _refused(request, refusal.status, refusal.detail, refusal.errors, origin=allowed)
    if from_frame:
        partner = partner_named(petition, data.get("partner"))
        if partner is None:
            return _refused(request, 403, _("The frame names no partner site of this petition."))
    if not petition.accepts_signatures():
        return _refused(request, 403, _("This petition is not taking signatures."), origin=allowed)
    form = SignatureForm(data, petition=petition)
    if not form.is_valid():
        return _refused(request, 400, _("Please correct the marked fields."), form.errors, origin=allowed)
    return _signed(request, petition, partner, form.cleaned_data, data, allowed)


def _signed(request, petition, partner, cleaned, data, allowed):
    try:
        actions.sign_petition(
            petition, name=cleaned["name"], email=cleaned["email"], country=cleaned["country"],
            postal_code=cleaned.get("postal_code", ""), comment=cleaned.get("comment", ""),
            opt_in=cleaned["opt_in"], show_name=cleaned["show_name"],
            name_to_target=cleaned.get("name_to_target", False), ip=client_ip(request),
            honeypot=cleaned["website"], elapsed_ms=elapsed_ms(data), partner=partner,
            partner_opt_in=data.get("partner_opt_in") == "on", language=translation.get_language(),
        )
    except actions.PetitionNotOpen:
        return _refused(request, 403, _("This petition is not taking signatures."), origin=allowed)
    # The same answer whether or not the address had signed: nobody learns who signed from it.
    response = JsonResponse({"status": "check_email", "detail": _(
        "Thank you. Now check your e-mail: click the link we sent you to confirm your signature.")}, status=202)
    response["Cache-Control"] = "no-store"
    return cors.allow(response, allowed)
