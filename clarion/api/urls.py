"""/api/v1/: the read API (clarion.api.read_urls) and the key-holders' API with OSDI (clarion.api.osdi_urls)
and webhook endpoints (clarion.api.webhook_urls);
any other address under /api/ is a 404 problem document, not the site's HTML page."""

from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from clarion.api.problems import problem

app_name = "api"


@csrf_exempt  # it changes nothing; a POST to an unknown address is a 404 problem, not the CSRF page
def not_found(request, rest=""):
    return problem(404, _("Not found."), _("There is no such address in the API; see /api/v1/docs/."))


urlpatterns = [
    path("v1/", include("clarion.api.read_urls")),
    path("v1/", include("clarion.api.osdi_urls")),
    path("v1/", include("clarion.api.webhook_urls")),
    re_path(r"^(?P<rest>.*)$", not_found),
]
