"""/api/v1/: the read API (clarion.api.read_urls) and the key-holders' API with OSDI (clarion.api.osdi_urls)."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("v1/", include("clarion.api.read_urls")),
    path("v1/", include("clarion.api.osdi_urls")),
]
