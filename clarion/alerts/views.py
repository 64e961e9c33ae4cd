"""The page behind the link in a petition update: stop that petition's updates (RFC 8058 one-click POST)."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from clarion.alerts import actions
from clarion.alerts.updates import read_updates_token
from clarion.core import languages
from clarion.petitions.models import PetitionPage
from clarion.supporters.models import Supporter


def _addressed(token):
    """The signer and petition a token names; a damaged token or one for someone since erased gets a 404 page."""
    ids = read_updates_token(token)
    if ids is None:
        raise Http404
    supporter = Supporter.objects.filter(pk=ids[0], erased_at__isnull=True).first()
    petition = PetitionPage.objects.filter(pk=ids[1]).first()
    if supporter is None or petition is None:
        raise Http404
    return supporter, petition


# Mail programs POST "List-Unsubscribe=One-Click" here without cookies or a CSRF token; stopping updates is all it
# can do, and only for the one signer and petition the sealed token names.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def stop_updates(request, token):
    supporter, petition = _addressed(token)
    # The update came in the supporter's language, naming the petition in it: so does this page.
    return languages.answered_in(supporter.language, lambda: _stop_updates(request, supporter, petition))


def _stop_updates(request, supporter, petition):
    context = {"petition": petition.in_language(languages.choose(supporter.language))}
    if request.method == "POST":
        actions.stop_petition_updates(supporter, petition, acting_user=None)
        return TemplateResponse(request, "alerts/updates_stopped.html", context)
    # A GET (a link scanner, a preview) changes nothing: it asks for the one-click confirmation.
    context["stopped"] = actions.updates_stopped(supporter, petition)
    return TemplateResponse(request, "alerts/stop_updates.html", context)
