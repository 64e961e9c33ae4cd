"""Settings › Webhooks: endpoints, their secret, a "send test event" button and the delivery log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clarion.core.adminviews import StaffView, forbidden
from clarion.webhooks import actions
from clarion.webhooks.admin.forms import EndpointForm
from clarion.webhooks.models import Delivery, Endpoint

LOG_ROWS = 50


def _refused(form, error):
    for field, problems in error.message_dict.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


class EndpointsView(StaffView):
    permission = actions.MANAGE
    page_title = gettext_lazy("Webhooks")
    header_icon = "link-external"
    template_name = "webhooks/admin/endpoints.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(endpoints=Endpoint.objects.all(), form=kwargs.pop("form", EndpointForm()),
                                        **kwargs)

    def post(self, request):
        form = EndpointForm(request.POST)
        if form.is_valid():
            try:
                endpoint = actions.add_endpoint(**form.cleaned_data, acting_user=request.user)
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, _("Endpoint added. Give its signing secret to the receiver."))
                return redirect("webhooks_admin:endpoint", endpoint.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class EndpointView(StaffView):
    permission = actions.MANAGE
    page_title = gettext_lazy("Webhook endpoint")
    header_icon = "link-external"
    template_name = "webhooks/admin/endpoint.html"

    @cached_property
    def endpoint(self):
        return get_object_or_404(Endpoint, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.endpoint.name

    def get_context_data(self, **kwargs):
        endpoint = self.endpoint
        form = kwargs.pop("form", None) or EndpointForm(initial={
            "name": endpoint.name, "url": endpoint.url, "events": endpoint.events,
            "may_receive_personal": endpoint.may_receive_personal})
        log = Delivery.objects.filter(endpoint=endpoint).select_related("event")[:LOG_ROWS]
        return super().get_context_data(endpoint=endpoint, form=form, deliveries=log, **kwargs)

    def post(self, request, pk):
        form = EndpointForm(request.POST)
        if form.is_valid():
            try:
                actions.edit_endpoint(self.endpoint, **form.cleaned_data, acting_user=request.user)
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, _("Endpoint saved."))
                return redirect("webhooks_admin:endpoint", pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


OPERATIONS = {
    "test": (actions.send_test_event, gettext_lazy("Test event queued; it appears in the delivery log below.")),
    "rotate": (actions.rotate_secret, gettext_lazy("New secret made: give it to the receiver now.")),
    "enable": (actions.enable_endpoint, gettext_lazy("Endpoint enabled; waiting deliveries go out again.")),
    "delete": (actions.delete_endpoint, gettext_lazy("Endpoint deleted.")),
}


@require_POST
def operate(request, pk, operation):
    if not request.user.has_perm(actions.MANAGE):
        return forbidden(request)
    if operation not in OPERATIONS:
        return HttpResponseBadRequest(_("Unknown operation."), content_type="text/plain; charset=utf-8")
    endpoint = get_object_or_404(Endpoint, pk=pk)
    action, done = OPERATIONS[operation]
    action(endpoint, acting_user=request.user)
    messages.success(request, done)
    return redirect("webhooks_admin:endpoints" if operation == "delete" else "webhooks_admin:endpoint", *(
        [] if operation == "delete" else [pk]))
