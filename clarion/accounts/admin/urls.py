from django.urls import path

from clarion.accounts.admin import two_factor

app_name = "two_factor"
urlpatterns = [
    path("", two_factor.ManageView.as_view(), name="manage"),
    path("set-up/", two_factor.enrol, name="enrol"),
    path("code/", two_factor.verify, name="verify"),
]
