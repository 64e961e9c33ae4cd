from django.urls import path

from clarion.petitions import views

app_name = "petitions"

urlpatterns = [
    path("<id:pk>/sign/", views.sign, name="sign"),
    path("<id:pk>/check-your-email/", views.check_email, name="check_email"),
    path("<id:pk>/thanks/", views.thanks, name="thanks"),
    path("<id:pk>/count.json", views.count, name="count"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
