from django.urls import path

from clarion.delivery.admin import views

app_name = "delivery_admin"
urlpatterns = [
    path("<id:petition_id>/", views.DeliveryView.as_view(), name="petition"),
    path("<id:petition_id>/signing-sheet/", views.signing_sheet, name="sheet"),
    path("pack/<id:pk>/progress.json", views.progress_json, name="progress"),
    path("pack/<id:pk>/retry/", views.retry, name="retry"),
    path("pack/<id:pk>/<str:filename>", views.download, name="download"),
]
