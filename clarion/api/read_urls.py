"""The read API: petitions, appeals, news, counts, the OpenAPI document and its docs."""

from django.urls import path

from clarion.api import docs, pages, petitions
from clarion.api.caching import public_read

urlpatterns = [
    path("petitions/", public_read(petitions.PetitionList.as_view()), name="petitions"),
    path("petitions/<id:pk>/", public_read(petitions.PetitionDetail.as_view()), name="petition"),
    path("petitions/<id:pk>/count/", public_read(petitions.PetitionCount.as_view()), name="petition-count"),
    path("appeals/", public_read(pages.AppealList.as_view()), name="appeals"),
    path("news/", public_read(pages.NewsList.as_view()), name="news"),
    path("openapi.json", public_read(docs.OpenAPIDocument.as_view()), name="openapi"),
    path("docs/", docs.SwaggerDocs.as_view(), name="docs"),
]
