from django.urls import include, path

from clarion.supporters import views, webhooks

app_name = "supporters"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/check-your-email/", views.signup_check_email, name="signup_check_email"),
    path("signup/confirm/<str:token>/", views.confirm_signup, name="confirm_signup"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("preferences/<str:token>/my-data.json", views.download_data, name="download_data"),
    path("preferences/<str:token>/erase/", views.erase, name="erase"),
    path("preferences/<str:token>/new-link/", views.fresh_link, name="fresh_link"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # ESP bounce and complaint reports, e.g. /supporters/webhooks/anymail/postmark/tracking/
    path("webhooks/anymail/", include((webhooks.guarded_urlpatterns(), "anymail"), namespace="anymail")),
]
