"""The key-holders' API: OSDI petitions and signatures, people, and the record signature helper."""

from django.urls import path

from clarion.api import osdi_views as views

urlpatterns = [
    path("osdi/v1/", views.EntryPoint.as_view(), name="osdi_aep"),
    path("osdi/v1/petitions/", views.PetitionList.as_view(), name="osdi_petitions"),
    path("osdi/v1/petitions/<int:pk>/", views.PetitionDetail.as_view(), name="osdi_petition"),
    path("osdi/v1/petitions/<int:pk>/signatures/", views.Signatures.as_view(), name="osdi_signatures"),
    path("osdi/v1/people/", views.PeopleList.as_view(), name="osdi_people"),
    path("osdi/v1/people/<int:pk>/", views.PersonDetail.as_view(), name="osdi_person"),
]
