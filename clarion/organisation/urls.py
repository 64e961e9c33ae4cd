from django.urls import path

from clarion.organisation import icons

# At the site's root, where browsers look for them without being told.
urlpatterns = [
    path("favicon.ico", icons.icon, name="favicon"),
    path("apple-touch-icon.png", icons.icon, {"size": 180}, name="apple-touch-icon"),
    path("icons/<int:size>.png", icons.icon, name="icon"),
    path("manifest.webmanifest", icons.manifest, name="web-manifest"),
]
