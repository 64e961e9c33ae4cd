from django.urls import path

from clarion.embed import views

app_name = "embed"

urlpatterns = [
    path("petition.js", views.script, name="script"),
    path("petitions/<id:pk>.json", views.document, name="document"),
    path("petitions/<id:pk>/", views.frame, name="frame"),
    path("petitions/<id:pk>/sign/", views.sign, name="sign"),
]
