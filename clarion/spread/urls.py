from django.urls import path

from clarion.spread import views

app_name = "spread"

urlpatterns = [
    path("invite/<str:token>/", views.invite, name="invite"),
    path("impact/<str:token>/", views.impact, name="impact"),
    path("never/<str:token>/", views.never, name="never"),
]
