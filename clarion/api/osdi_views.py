"""OSDI under /api/v1/osdi/v1/: the entry point, petitions, their signatures, people, and the record signature
helper. Every endpoint needs an API key; signatures and people need the personal-data scope, and every answer
carrying personal data is logged (ApiRead) before it is sent."""

from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from clarion.api import actions as api_actions
from clarion.api import osdi, record
from clarion.api.auth import ApiKeyAuthentication, HasScope, KeyRateThrottle
from clarion.api.models import Scope
from clarion.api.petitions import counting_petitions
from clarion.api.problems import problem
from clarion.core.netaddr import client_ip
from clarion.petitions import actions as petition_actions
from clarion.petitions.forms import SignatureForm
from clarion.petitions.models import PetitionPage, Signature, SignatureState
from clarion.supporters.models import Supporter

# A signature is a few hundred bytes; anything near this is not one.
MAX_BODY = 16 * 1024


class SafeJsonParser(JSONParser):
    """JSON whose nesting is too deep for Python's parser is a bad body (400), not a crash."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("The JSON is nested too deeply.") from None


class HalJsonParser(SafeJsonParser):
    media_type = "application/hal+json"


def too_large(request):
    length = request.META.get("CONTENT_LENGTH") or "0"
    return not length.isdigit() or int(length) > MAX_BODY


class OsdiView(APIView):
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [KeyRateThrottle]
    renderer_classes = [osdi.HalJsonRenderer, JSONRenderer]
    parser_classes = [SafeJsonParser, HalJsonParser]
    schema = None  # OSDI is described in docs/api.md; the OpenAPI document covers the public read API
    required_scope = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Answers to a key (and refusals) are never kept: left unmarked, PublicCacheMiddleware would mark them
        # public, for proxies and the page cache to serve the next visitor, key or no key.
        patch_cache_control(response, private=True, no_store=True)
        return response


def petitions():
    return PetitionPage.objects.live().public().order_by("-first_published_at", "-pk")


class EntryPoint(OsdiView):
    def get(self, request):
        def link(name, title):
            return osdi._link(request, name) | {"title": title}

        return Response({
            "motd": "Clarion's OSDI entry point", "vendor_name": "Clarion", "product_name": "Clarion",
            "osdi_version": "1.1", "max_pagesize": osdi.MAX_PER_PAGE,
            "_links": {"self": link("osdi_aep", "This entry point"),
                       "osdi:petitions": link("osdi_petitions", "The petitions"),
                       "osdi:people": link("osdi_people", "The supporters (personal-data scope)")},
        })


class PetitionList(OsdiView):
    def get(self, request):
        # Each petition once, as its original: its translations share its signatures.
        body, _rows = osdi.collection(request, "petitions", counting_petitions().order_by("-first_published_at", "-pk"),
                                      osdi.petition)
        return Response(body)


class PetitionDetail(OsdiView):
    def get(self, request, pk):
        return Response(osdi.petition(request, get_object_or_404(petitions(), pk=pk)))


class Signatures(OsdiView):
    """GET: the petition's confirmed signatures (personal data, logged). POST: the record signature helper."""

    @property
    def required_scope(self):
        return Scope.RECORD_SIGNATURES if self.request.method == "POST" else Scope.READ_PERSONAL_DATA

    def get(self, request, pk):
        page = get_object_or_404(petitions(), pk=pk)
        # The signatures that count: not those held for review, rejected, invalidated or marked fraudulent.
        rows = Signature.objects.filter(petition_id=page.counting_id, state=SignatureState.VALIDATED,
                                        confirmed_at__isnull=False, anonymised_at__isnull=True).order_by("pk")
        body, count = osdi.collection(request, "signatures", rows, osdi.signature)
        api_actions.log_read(request.auth, "signatures", count, object_id=page.pk)
        return Response(body)

    def post(self, request, pk):
        if too_large(request):
            return problem(413, _("The request body is too large."), kind="too_large")
        page = get_object_or_404(petitions(), pk=pk)
        data = record.form_data(request.data)
        key = request.auth
        if key.vouches:
            data["keep_email"] = "on"  # the tool confirmed this address: a likely typo is its owner's own
        form = SignatureForm(data, petition=page)
        if not form.is_valid():
            raise exceptions.ValidationError(record.form_errors(form))
        sign = petition_actions.sign_vouched if key.vouches else petition_actions.sign_petition
        cleaned = form.cleaned_data
        try:
            sign(page, name=cleaned["name"], email=cleaned["email"], country=cleaned["country"],
                 postal_code=cleaned.get("postal_code", ""), comment=cleaned.get("comment", ""),
                 opt_in=cleaned["opt_in"], show_name=cleaned["show_name"],
                 name_to_target=cleaned.get("name_to_target", False), ip=client_ip(request),
                 honeypot=cleaned["website"], channel="api", language=data.get("language", ""))
        except petition_actions.PetitionNotOpen:
            return problem(409, _("This petition is not taking signatures."), kind="not_open")
        # The same answer whatever happened, as the form gives: nobody learns whether an address had signed.
        return Response({"status": "recorded" if key.vouches else "awaiting_confirmation",
                         "_links": {"osdi:petition": osdi._link(request, "osdi_petition", page.pk)}},
                        status=status.HTTP_202_ACCEPTED)


class PeopleList(OsdiView):
    required_scope = Scope.READ_PERSONAL_DATA

    def get(self, request):
        rows = Supporter.objects.filter(erased_at__isnull=True).order_by("pk")
        body, count = osdi.collection(request, "people", rows, osdi.person)
        api_actions.log_read(request.auth, "people", count)
        return Response(body)


class PersonDetail(OsdiView):
    required_scope = Scope.READ_PERSONAL_DATA

    def get(self, request, pk):
        supporter = get_object_or_404(Supporter, pk=pk, erased_at__isnull=True)
        api_actions.log_read(request.auth, "person", 1, object_id=supporter.pk)
        return Response(osdi.person(request, supporter))

