urlpatterns = []  # the key-holders API: OSDI petitions and signatures, the record signature helper
