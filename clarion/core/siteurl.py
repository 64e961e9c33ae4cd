"""Every absolute address of the site (sitemap, og:url, canonical link, feeds, "view live" in the admin) comes
from CLARION_BASE_URL, the one public address the operator configured.

Wagtail builds them from the default Site record's hostname and port, which the demo and a fresh install
leave at http://localhost/ and which cannot say "https on port 8443" at all. Clarion serves one site, so the
default site's root URL is CLARION_BASE_URL; further sites (if an operator adds any) keep Wagtail's rule.
"""

from django.conf import settings


def use_base_url_for_default_site():
    from wagtail.models import Site

    wagtails = Site.root_url
    if getattr(wagtails.fget, "clarion_base_url", False):
        return

    def root_url(site):
        return settings.CLARION_BASE_URL if site.is_default_site else wagtails.fget(site)

    root_url.clarion_base_url = True
    Site.root_url = property(root_url, doc=wagtails.__doc__)
