"""Settings → Sign-in lockouts: who is locked out now, and the button that unlocks them."""

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet


def current_failures():
    """Failure records still inside their cool-off (older ones no longer count and are cleaned by axes)."""
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)


class LockoutIndexView(IndexView):
    default_ordering = "-attempt_time"

    def get_base_queryset(self):
        return current_failures()

    def get_edit_url(self, instance):
        return self.get_delete_url(instance)


class UnlockView(DeleteView):
    page_title = _("Unlock")

    def get_success_message(self):
        return _("Unlocked: “%(username)s” may try to sign in again from that address.") % {
            "username": self.object.username}


class LockoutViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock-open"
    menu_label = _("Sign-in lockouts")
    add_to_settings_menu = True
    url_prefix = "sign-in-lockouts"
    index_view_class = LockoutIndexView
    delete_view_class = UnlockView
    form_fields = []
    list_display = [Column("username", label=_("Username")), Column("ip_address", label=_("Client address")),
                    Column("failures_since_start", label=_("Failed attempts")),
                    DateColumn("attempt_time", label=_("Last attempt"))]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**kwargs) | {
            "add_url_name": None, "edit_url_name": None, "usage_url_name": None, "copy_url_name": None,
            "inspect_url_name": None,
        }

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("unlock/<int:pk>/", self.delete_view, name="delete"),
        ]
