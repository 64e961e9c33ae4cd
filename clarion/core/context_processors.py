from django.conf import settings


def site_settings(request):
    return {"CLARION_BASE_URL": settings.CLARION_BASE_URL}
