from django.urls import path

from clarion.accounts import views

app_name = "two_factor"
urlpatterns = [
    path("", views.ManageView.as_view(), name="manage"),
    path("set-up/", views.enrol, name="enrol"),
    path("code/", views.verify, name="verify"),
]
