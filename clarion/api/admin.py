"""Settings › API keys: the list (prefix, scopes, last use), issuing a key (its secret shown once), revoking."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateTimeInput

from clarion.api import actions
from clarion.api.models import ApiKey, ApiRead, Scope
from clarion.core.admin_readonly import ReadOnlyViewSet
from clarion.core.adminviews import StaffView, forbidden

MANAGE_KEYS = "api.manage_apikey"
READS_SHOWN = timedelta(days=30)


class IssueForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100,
                           help_text=gettext_lazy("Who uses this key, and for what."))
    scopes = forms.MultipleChoiceField(label=gettext_lazy("Scopes"), choices=Scope.choices,
                                       widget=forms.CheckboxSelectMultiple, required=False)
    vouches = forms.BooleanField(label=ApiKey._meta.get_field("vouches").verbose_name, required=False,
                                 help_text=ApiKey._meta.get_field("vouches").help_text)
    rate_per_minute = forms.IntegerField(label=gettext_lazy("Requests per minute"), initial=60, min_value=1,
                                         max_value=10_000)
    expires_at = forms.DateTimeField(label=gettext_lazy("Expires"), required=False, widget=AdminDateTimeInput)

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at and expires_at <= timezone.now():
            raise forms.ValidationError(_("A key must expire in the future."))
        return expires_at


class KeysView(StaffView):
    permission = MANAGE_KEYS
    page_title = gettext_lazy("API keys")
    header_icon = "key"
    template_name = "api/admin/keys.html"

    def get_context_data(self, **kwargs):
        # What each key read of personal data lately: the admin sees who reads how much without opening the log.
        recent = Q(reads__at__gte=timezone.now() - READS_SHOWN)
        keys = ApiKey.objects.select_related("created_by").annotate(
            rows_read=Sum("reads__rows", filter=recent, default=0))
        return super().get_context_data(**kwargs, keys=keys[:200])


class IssueView(StaffView):
    permission = MANAGE_KEYS
    page_title = gettext_lazy("Issue an API key")
    header_icon = "key"
    template_name = "api/admin/issue.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**({"form": IssueForm()} | kwargs))

    def post(self, request):
        form = IssueForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        issued = actions.issue_key(**form.cleaned_data, acting_user=request.user)
        # Answered here, not after a redirect: the key is in this one page and nowhere else, ever.
        response = TemplateResponse(request, "api/admin/issued.html", self.get_context_data(
            key=issued.key, secret=issued.secret, page_title=_("API key issued")))
        add_never_cache_headers(response)
        return response


@require_POST
def revoke(request, pk):
    if not request.user.has_perm(MANAGE_KEYS):
        return forbidden(request)
    key = get_object_or_404(ApiKey, pk=pk)
    actions.revoke_key(key, acting_user=request.user)
    messages.success(request, _("The key “%(name)s” is revoked.") % {"name": key.name})
    return redirect("api_keys:list")


class ReadFilterSet(WagtailFilterSet):
    class Meta:
        model = ApiRead
        fields = ["key", "what"]


class ApiReadViewSet(ReadOnlyViewSet):
    """Settings › API reads: every answer that carried personal data, which key asked and how many rows."""

    model = ApiRead
    icon = "key"
    menu_label = gettext_lazy("API reads")
    add_to_settings_menu = True
    list_display = ["at", "key", "what", "object_id", "rows"]
    filterset_class = ReadFilterSet
    inspect_view_fields = ["at", "key", "what", "object_id", "rows"]
