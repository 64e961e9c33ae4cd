"""What every Clarion admin page shares: a plain 403, and the permission check in front of Wagtail's furniture."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


def forbidden(request):
    """A plain 403 inside the admin: Wagtail's own answer is a redirect, which scripts and tests can't tell apart."""
    return TemplateResponse(request, "core/admin/forbidden.html", {
        "page_title": _("Not allowed"), "header_icon": "warning",
    }, status=403)


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    """An admin page for those holding `permission` (an "app.codename" string each subclass names)."""

    permission = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)
