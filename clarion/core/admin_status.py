"""Settings › System status: what `manage.py status` prints, for superusers, read-only."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from clarion.core.adminviews import forbidden
from clarion.core.status import fact_lines, gather


class StatusView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/admin/status.html"
    page_title = _("System status")
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        # Queue internals and task names are for whoever runs the servers, not for every editor with a permission.
        if not request.user.is_superuser:
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        sections = gather()
        return super().get_context_data(
            **kwargs, problems=[problem for section in sections.values() for problem in section.problems],
            sections=[(section.title, "\n".join(fact_lines(section.facts))) for section in sections.values()])


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser
