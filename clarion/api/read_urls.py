"""The read API: petitions, appeals, news, counts, the OpenAPI document and its docs."""

from django.urls import path, re_path

from clarion.api import docs, pages, petitions
from clarion.api.caching import public_read

urlpatterns = [
    path("petitions/", public_read(petitions.PetitionList.as_view()), name="petitions"),
    # Any digits reach the view (which answers 404 for 0 or a number past any id): an unlisted method on
    # /petitions/0/ is then a 405 like on any other petition, not a 404 from the catch-all.
    re_path(r"^petitions/(?P<pk>[0-9]+)/$", public_read(petitions.PetitionDetail.as_view()), name="petition"),
    re_path(r"^petitions/(?P<pk>[0-9]+)/count/$", public_read(petitions.PetitionCount.as_view()),
            name="petition-count"),
    path("appeals/", public_read(pages.AppealList.as_view()), name="appeals"),
    path("news/", public_read(pages.NewsList.as_view()), name="news"),
    path("openapi.json", public_read(docs.OpenAPIDocument.as_view()), name="openapi"),
    path("docs/", docs.SwaggerDocs.as_view(), name="docs"),
]
