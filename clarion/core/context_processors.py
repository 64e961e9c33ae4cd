from django.conf import settings


def site_settings(request):
    return {"CLARION_SITE_NAME": settings.WAGTAIL_SITE_NAME}
