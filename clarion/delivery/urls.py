from django.urls import path

from clarion.delivery import views

app_name = "delivery"
urlpatterns = [
    path("<str:token>/", views.pack, name="pack"),
    path("<str:token>/<str:filename>", views.pack_download, name="pack_file"),
]
