from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from clarion.core.ids import bounded_ids
from clarion.pages.feeds import AtomNewsFeed, NewsFeed
from clarion.pages.sitemap import TranslatedSitemap

# While Redis is unreachable a failed request (a session read, say) gets a 503 saying so (clarion.core.outage).
handler500 = "clarion.core.error_pages.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # One sitemap for every language, each page listing its translations (clarion.pages.sitemap).
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}}, name="sitemap"),
    path("petitions/", include("clarion.petitions.urls")),
    path("petitions/", include("clarion.transparency.urls")),
    path("supporters/", include("clarion.supporters.urls")),
    path("updates/", include("clarion.alerts.urls")),
    path("delivery/", include("clarion.delivery.urls")),
    path("api/", include("clarion.api.urls")),
    path("embed/", include("clarion.embed.urls")),
    path("", include("clarion.spread.urls")),
    path("feeds/news.rss", NewsFeed(), name="news-feed-rss"),
    path("feeds/news.atom", AtomNewsFeed(), name="news-feed-atom"),
    path("", include("clarion.organisation.urls")),
]

if settings.CLARION_SERVE_MEDIA:
    # Only images: documents may sit in a login- or password-restricted collection, so they go through
    # /documents/<id>/<name> (Wagtail's view checks the restriction). Each folder is its own root, so a
    # `..` in the path cannot climb from images/ into documents/.
    urlpatterns += [
        re_path(rf"^media/{folder}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT / folder})
        for folder in settings.CLARION_PUBLIC_MEDIA_FOLDERS
    ]

# Public pages under their language's prefix, the default's too (/en/, /fa/ …); "/" and unprefixed page
# addresses redirect to them (clarion.core.locales). Everything above keeps its address.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)))
# Wagtail's <int:…_id> parts get the bounds of our <id:…>: 0 or 2^64 is "not found", never a crash.
bounded_ids(urlpatterns)
