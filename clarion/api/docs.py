"""The OpenAPI document and its browsable docs: Swagger UI served from this site (drf-spectacular-sidecar's
files), its init script a separate same-site file, so the site's strict policy holds on the page."""

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView


class OpenAPIDocument(SpectacularJSONAPIView):
    pass


# Swagger UI's own stylesheet draws its icons and arrows as data: images; this page alone allows them.
@method_decorator(csp_update({"img-src": ["data:"]}), name="dispatch")
class SwaggerDocs(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    url_name = "api:openapi"
