urlpatterns = []  # the read API: petitions, appeals, news, counts, the OpenAPI document and its docs
