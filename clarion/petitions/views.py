from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from clarion.core import languages
from clarion.core.netaddr import client_ip
from clarion.core.public_post import public_post_problem
from clarion.petitions import actions, signing
from clarion.petitions.display import count_document
from clarion.petitions.forms import SignatureForm
from clarion.petitions.fraud import NOT_OUR_FORM
from clarion.petitions.lookup import public_petition
from clarion.petitions.refusals import refuse


def _petition(pk):
    return public_petition(pk)


def _elapsed_ms(request):
    """The fill time the form's script measured; None when the browser ran no script (the field our form always
    has is empty), NOT_OUR_FORM when the field is missing or garbled (a robot that never loaded our form)."""
    elapsed = request.POST.get("elapsed")
    if elapsed == "":
        return None
    try:
        return max(int(elapsed), 0)
    except (TypeError, ValueError):
        return NOT_OUR_FORM


# CSRF: the petition page is the same for every visitor so it can be cached, which rules out a
# per-visitor token in its form. Signing needs none: it acts for nobody who is logged in, and a signature
# counts only once the owner of the e-mail address clicks the confirmation link. Cross-site posts from
# browsers are still refused by their Origin header.
@csrf_exempt
@require_POST
def sign(request, pk):
    refusal = public_post_problem(request)
    if refusal and refusal.problem == "too_large":
        return refuse(request, refusal.status, problem=refusal.problem)  # not even the petition is looked up
    petition = _petition(pk)
    # Errors and the form sent back speak the page's language (a translation's own wordings, its settings'
    # checks the counting petition's; actions.sign_petition stores the signature on the counting petition).
    return languages.answered_in(petition.language, lambda: _sign(request, petition, refusal))


def _sign(request, petition, refusal):
    if refusal:
        return refuse(request, refusal.status, petition=petition, problem=refusal.problem)
    if not petition.accepts_signatures():
        return refuse(request, 403, petition=petition, problem="not_open")
    form = SignatureForm(request.POST, petition=petition)
    if not form.is_valid():
        return refuse(request, 400, petition=petition, form=form)
    data = form.cleaned_data
    try:
        actions.sign_petition(
            petition, name=data["name"], email=data["email"], country=data["country"],
            postal_code=data.get("postal_code", ""), comment=data.get("comment", ""), opt_in=data["opt_in"],
            show_name=data["show_name"], name_to_target=data.get("name_to_target", False),
            ip=client_ip(request), honeypot=data["website"],
            elapsed_ms=_elapsed_ms(request), **signing.sign_kwargs(request.POST),
        )
    except actions.PetitionNotOpen:
        return refuse(request, 403, petition=petition, problem="not_open")
    return redirect("petitions:check_email", pk=petition.pk)


def _in_language_of(petition, request, template, context, status=200):
    """An unprefixed address speaks the language of the petition page it names, never the browser's."""
    return languages.answered_in(petition.language if petition else None,
                                 lambda: TemplateResponse(request, template, context, status=status))


@require_GET
def check_email(request, pk):
    petition = _petition(pk)
    return _in_language_of(petition, request, "petitions/check_email.html", {"petition": petition})


# Confirming on GET, as the UK Parliament's site does: the link works from any mail program, and
# confirming twice is harmless.
@require_GET
def confirm(request, token):
    result = actions.confirm_signature(token)
    petition = result.petition
    if petition is not None and result.signature is not None:
        petition = petition.in_language(result.signature.language)  # the page they signed on
    if result.outcome in ("confirmed", "already"):
        # The signer's own thank-you page where an app offers one (spread: their share links and invitations).
        return redirect(signing.signer_page(result.signature) or reverse("petitions:thanks", args=[petition.pk]))
    status = {"expired": 410, "closed": 410, "replaced": 410}.get(result.outcome, 400)
    return _in_language_of(petition, request, "petitions/problem.html",
                           {"problem": result.outcome, "petition": petition}, status=status)


@require_GET
def thanks(request, pk):
    """The thank-you page without a signer (spread adds share links that recruit for nobody in particular)."""
    petition = _petition(pk)
    return _in_language_of(petition, request, "petitions/thanks.html",
                           {"petition": petition, **signing.thanks_context(petition)})


@require_GET
def count(request, pk):
    response = JsonResponse(count_document(_petition(pk)))
    patch_cache_control(response, public=True, max_age=settings.CLARION_COUNT_CACHE_SECONDS)
    response["Access-Control-Allow-Origin"] = "*"
    return response
