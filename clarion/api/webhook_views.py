"""Webhook endpoints for key-holders under /api/v1/webhooks/: a CRM subscribes itself with a key holding the
webhooks:manage scope. Every change goes through clarion.webhooks.actions (audit-logged with the key); the
signing secret is shown once, in the answer that creates the endpoint, and never again."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from clarion.api.models import Scope
from clarion.api.osdi_views import OsdiView, SafeJsonParser, too_large
from clarion.webhooks import actions
from clarion.webhooks.models import Endpoint, EventType

FIELDS = ("name", "url", "events", "may_receive_personal")


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


class EndpointInput(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(child=serializers.ChoiceField(choices=EventType.values), allow_empty=False,
                                   max_length=len(EventType.values) * 2)
    may_receive_personal = serializers.BooleanField(default=False)


def shown(endpoint):
    """What a key-holder sees of an endpoint: never its secret."""
    return {"id": endpoint.pk, "name": endpoint.name, "url": endpoint.url, "events": endpoint.events,
            "may_receive_personal": endpoint.may_receive_personal, "enabled": endpoint.enabled,
            "disabled_reason": endpoint.disabled_reason}


def read_body(request, *, partial):
    """The request's fields, checked; every refusal here comes before anything is written."""
    if too_large(request):
        raise TooLarge()
    data = request.data
    if not isinstance(data, dict):
        raise exceptions.ValidationError({"non_field_errors": ["Send a JSON object."]})
    # A misspelt field is refused, not dropped: "may_recieve_personal": false must not pass unnoticed.
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise exceptions.ValidationError({name: ["There is no such field."] for name in unknown})
    checked = EndpointInput(data=data, partial=partial)
    checked.is_valid(raise_exception=True)
    values = dict(checked.validated_data)
    if "events" in values:
        values["events"] = list(dict.fromkeys(values["events"]))
    return values


def act(action, *args, **kwargs):
    """Run a webhooks action; its refusals become the API's 400 (naming the field) and 403."""
    try:
        return action(*args, **kwargs)
    except DjangoValidationError as refusal:
        raise exceptions.ValidationError(refusal.message_dict) from refusal
    except DjangoPermissionDenied as refusal:
        raise exceptions.PermissionDenied(str(refusal)) from refusal


class WebhookView(OsdiView):
    renderer_classes = [JSONRenderer]
    parser_classes = [SafeJsonParser]
    required_scope = Scope.MANAGE_WEBHOOKS


class EndpointList(WebhookView):
    def get(self, request):
        return Response({"endpoints": [shown(endpoint) for endpoint in Endpoint.objects.all()]})

    def post(self, request):
        values = read_body(request, partial=False)
        endpoint = act(actions.add_endpoint, **values, acting_user=None, acting_key=request.auth)
        # The only time the secret is given: the receiver needs it to verify deliveries.
        return Response(shown(endpoint) | {"secret": endpoint.secret}, status=status.HTTP_201_CREATED,
                        headers={"Location": reverse("api:webhook", args=[endpoint.pk])})


class EndpointDetail(WebhookView):
    def get(self, request, pk):
        return Response(shown(get_object_or_404(Endpoint, pk=pk)))

    def patch(self, request, pk):
        endpoint = get_object_or_404(Endpoint, pk=pk)
        values = {name: getattr(endpoint, name) for name in FIELDS} | read_body(request, partial=True)
        endpoint = act(actions.edit_endpoint, endpoint, **values, acting_user=None, acting_key=request.auth)
        return Response(shown(endpoint))

    def delete(self, request, pk):
        endpoint = get_object_or_404(Endpoint, pk=pk)
        act(actions.delete_endpoint, endpoint, acting_user=None, acting_key=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EndpointTest(WebhookView):
    def post(self, request, pk):
        endpoint = get_object_or_404(Endpoint, pk=pk)
        event = act(actions.send_test_event, endpoint, acting_user=None, acting_key=request.auth)
        return Response({"status": "queued", "event": event.pk}, status=status.HTTP_202_ACCEPTED)
