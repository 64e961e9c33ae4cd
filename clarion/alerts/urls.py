from django.urls import path

from clarion.alerts import views

app_name = "alerts_updates"

urlpatterns = [
    path("stop/<str:token>/", views.stop_updates, name="stop"),
]
