app_name = "embed"

urlpatterns = []  # the embed script, its iframe page and the partner signing endpoint
