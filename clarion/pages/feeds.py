from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from clarion.pages.models import NewsItemPage


class NewsFeed(Feed):
    title = _("News")
    description = _("News and reports from the campaign")

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return Site.find_for_request(request)

    def link(self, site):
        return site.root_url if site else "/"

    def feed_url(self, site):
        # The feed's own address, like every absolute one, at the public address (clarion.core.siteurl).
        return settings.CLARION_BASE_URL + self.request.path

    def items(self, site):
        items = NewsItemPage.objects.live().public()
        if site:
            items = items.descendant_of(site.root_page)
        return items.order_by("-date", "-pk")[:30].specific()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.external_url if item.is_external else item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
