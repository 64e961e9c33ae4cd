"""The sitemap: every live public page in every language, each with its translations as hreflang alternates."""

from collections import defaultdict

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page

from clarion.core import languages


class TranslatedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key).values_list("path", flat=True)
        within = Q(pk__in=[])
        for path in roots:
            within |= Q(path__startswith=path)
        return Page.objects.filter(within).live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        codes = {locale.pk: languages.spoken(locale.language_code) for locale in Locale.objects.all()}
        entries, groups = [], defaultdict(list)
        for item in self.paginator.page(page).object_list.iterator():
            for url_info in item.get_sitemap_urls(self.request):
                entries.append((item.translation_key, url_info))
                if codes.get(item.locale_id):
                    groups[item.translation_key].append((codes[item.locale_id], url_info["location"]))
        root = f"{self.get_wagtail_site().root_url}/"
        urls = []
        for key, url_info in entries:
            order = languages.codes()
            found = sorted(groups[key], key=lambda pair: order.index(pair[0]))
            url_info["alternates"] = [{"lang_code": code, "location": location} for code, location in found]
            url_info["alternates"].append({"lang_code": "x-default", "location": root})
            urls.append(url_info)
        lastmods = {url.get("lastmod") for url in urls}
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls
