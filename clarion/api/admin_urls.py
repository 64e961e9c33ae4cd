from django.urls import path

from clarion.api import admin

app_name = "api_keys"

urlpatterns = [
    path("", admin.KeysView.as_view(), name="list"),
    path("issue/", admin.IssueView.as_view(), name="issue"),
    path("<int:pk>/revoke/", admin.revoke, name="revoke"),
]
