from django.conf import settings
from wagtail.models import Site


def site_settings(request):
    site = Site.find_for_request(request)
    return {"CLARION_SITE_NAME": (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME}
