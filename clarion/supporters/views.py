from django.core import signing
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from clarion.petitions.fraud import client_ip
from clarion.supporters import actions, tokens
from clarion.supporters.models import Supporter


def _supporter(token):
    try:
        code = tokens.read_preferences_token(token)
    except signing.BadSignature:
        return None
    return Supporter.objects.filter(referral_code=code, erased_at__isnull=True).first()


def _invalid(request):
    return TemplateResponse(request, "supporters/invalid_link.html", status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    supporter = _supporter(token)
    if supporter is None:
        return _invalid(request)
    if request.method == "POST" and request.POST.get("subscribed") == "no":
        actions.opt_out(supporter, channel="preferences", ip=client_ip(request))
    return TemplateResponse(request, "supporters/preferences.html", {"supporter": supporter, "token": token})


# RFC 8058: mail programs POST "List-Unsubscribe=One-Click" here without cookies or a CSRF token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    supporter = _supporter(token)
    if supporter is None:
        return _invalid(request)
    if request.method == "POST":
        if supporter.subscribed:
            actions.opt_out(supporter, channel="unsubscribe", ip=client_ip(request))
        return TemplateResponse(request, "supporters/unsubscribed.html", {"supporter": supporter, "token": token})
    # A GET (a link scanner, a preview) changes nothing: it asks for the one-click confirmation.
    return TemplateResponse(request, "supporters/unsubscribe.html", {"supporter": supporter, "token": token})
