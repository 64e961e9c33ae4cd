from django.db import models
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from clarion.core.pages import ClarionPage
from clarion.pages.blocks import ArticleBodyBlock, SlideBlock


class HomePage(ClarionPage):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    slideshow_label = models.CharField(
        _("slideshow name for screen readers"), max_length=80, default=_("Highlights")
    )
    slides = StreamField([("slide", SlideBlock())], blank=True, verbose_name=_("slides"))
    featured_appeals = StreamField(
        [("appeal", blocks.PageChooserBlock(page_type="pages.AppealPage", label=_("Appeal")))],
        blank=True, verbose_name=_("featured appeals"),
        help_text=_("Leave empty to show the three newest appeals."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("slideshow_label"), FieldPanel("slides")], heading=_("Slideshow")),
        FieldPanel("featured_appeals"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def appeals(self):
        chosen = [block.value for block in self.featured_appeals if block.value and block.value.live]
        if chosen:
            return chosen
        return list(AppealPage.objects.live().public().descendant_of(self).order_by("-date")[:3])

    def latest_news(self):
        return list(NewsItemPage.objects.live().public().descendant_of(self).order_by("-date")[:5].specific())


class AppealPage(ClarionPage):
    lead = models.TextField(_("lead"), max_length=600, help_text=_("One or two sentences under the title."))
    date = models.DateField(_("date"), default=timezone.localdate)
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("date"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    image_renditions = ClarionPage.hero_image_renditions

    class Meta:
        verbose_name = _("appeal")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["story"], context["action"] = split_action(self.body)
        return context


def split_action(body):
    """The story's blocks, and its first petition block apart: that one stands beside the story as its action."""
    blocks = list(body)
    index = next((n for n, block in enumerate(blocks) if block.block_type == "petition"
                  and getattr(block.value.get("petition"), "live", False)), None)
    if index is None:
        return blocks, None
    return blocks[:index] + blocks[index + 1:], blocks[index]


class StandardPage(ClarionPage):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(ClarionPage):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.NewsPage", "pages.ExternalReportPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def items(self):
        return NewsItemPage.objects.live().public().child_of(self).order_by("-date").specific()

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = Paginator(self.items(), 20).get_page(request.GET.get("page"))
        return context


class NewsItemPage(ClarionPage):
    """What news pages and external reports share, so one query lists both by date."""

    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"), blank=True, max_length=600)

    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []
    is_creatable = False

    class Meta:
        verbose_name = _("news item")
        ordering = ["-date"]

    @property
    def link_url(self):
        return self.url

    @property
    def is_external(self):
        return False


class NewsPage(NewsItemPage):
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    is_creatable = True

    class Meta:
        verbose_name = _("news page")


class ExternalReportPage(NewsItemPage):
    """A report published elsewhere, listed with our news; visiting it goes to the source."""

    source = models.CharField(_("source"), max_length=120, help_text=_("Who published it, e.g. a newspaper."))
    external_url = models.URLField(_("address of the report"), max_length=500)

    content_panels = Page.content_panels + [
        FieldPanel("source"), FieldPanel("external_url"), FieldPanel("date"), FieldPanel("summary"),
    ]
    is_creatable = True

    class Meta:
        verbose_name = _("external report")

    @property
    def link_url(self):
        return self.external_url

    @property
    def is_external(self):
        return True

    def serve(self, request, *args, **kwargs):
        return HttpResponseRedirect(self.external_url)

    def get_sitemap_urls(self, request=None):
        return []
