"""Content-Security-Policy: one strict policy for public pages, one for the admin (settings.CLARION_CSP_*).

Public pages allow their few inline scripts by hash (clarion.core.inline), never by nonce: a page kept in
the page cache goes to many visitors, and a nonce shared by all of them would protect nothing. The admin is
never cached; Wagtail still writes a few inline scripts there, so the admin's policy adds a per-request
nonce, and Clarion's copies of those templates (templates/wagtailadmin/) carry it.
"""

from contextvars import ContextVar

from csp.middleware import CSPMiddleware
from django.conf import settings

_request = ContextVar("clarion_csp_request", default=None)


def current_nonce():
    request = _request.get()
    return str(request.csp_nonce) if request is not None and hasattr(request, "csp_nonce") else ""


def is_admin(path):
    return path.startswith(settings.CLARION_CSP_ADMIN_PREFIXES)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def __call__(self, request):
        # Widgets render without the request (Wagtail's date pickers): the template tag finds it here.
        token = _request.set(request)
        try:
            return super().__call__(request)
        finally:
            _request.reset(token)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin(request.path_info):
            parts.config = settings.CLARION_CSP_ADMIN
        if not is_admin(request.path_info):
            parts.nonce = None  # a public page never names a nonce, even if a template asked for one
        return parts


def nonce_chooser_scripts():
    """Wagtail's chooser widgets (page, image, document, snippet) end their HTML with an inline script that no
    template can reach; give that one script the admin request's nonce. The widget's own markup before it is
    escaped, so the last "<script>" is always the widget's."""
    from django.utils.safestring import mark_safe
    from wagtail.admin.widgets.chooser import BaseChooser

    render = BaseChooser.render
    if getattr(render, "clarion_nonced", False):
        return

    def nonced_render(self, name, value, attrs=None, renderer=None):
        head, script, tail = render(self, name, value, attrs, renderer).rpartition("<script>")
        if not script:
            return mark_safe(tail)  # noqa: S308 (Wagtail's own output, unchanged)
        return mark_safe(f'{head}<script nonce="{current_nonce()}">{tail}')  # noqa: S308 (as above)

    nonced_render.clarion_nonced = True
    BaseChooser.render = nonced_render
