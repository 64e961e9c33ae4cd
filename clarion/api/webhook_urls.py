"""Webhook endpoints managed with a key (clarion.api.webhook_views)."""

from django.urls import path

from clarion.api import webhook_views as views

urlpatterns = [
    path("webhooks/", views.EndpointList.as_view(), name="webhooks"),
    path("webhooks/<int:pk>/", views.EndpointDetail.as_view(), name="webhook"),
    path("webhooks/<int:pk>/test/", views.EndpointTest.as_view(), name="webhook_test"),
]
