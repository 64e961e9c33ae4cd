from django.urls import path

from clarion.webhooks.admin import views

app_name = "webhooks_admin"
urlpatterns = [
    path("", views.EndpointsView.as_view(), name="endpoints"),
    path("<id:pk>/", views.EndpointView.as_view(), name="endpoint"),
    path("<id:pk>/<slug:operation>/", views.operate, name="operate"),
]
