from django.urls import path

from clarion.spread import views

app_name = "spread"

# Included at the site's root: a signer's own thank-you page sits beside the petition's (mailed links name it).
urlpatterns = [
    path("petitions/<id:pk>/thanks/<str:token>/", views.thanks_signer, name="thanks_signer"),
    path("spread/invite/<str:token>/", views.invite, name="invite"),
    path("spread/impact/<str:token>/", views.impact, name="impact"),
    path("spread/never/<str:token>/", views.never, name="never"),
]
