"""The base of every Clarion page type, below the apps that subclass it (pages, petitions)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from clarion.core import languages
from clarion.core.locales import language_of
from clarion.core.prefetch import prefetch_choosers


class ClarionPage(Page):
    """Shared behaviour of Clarion's page types: images of every StreamField loaded up front."""

    social_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("social share image"),
        help_text=_("Shown when the page is shared; 1200×630 works best."),
    )

    promote_panels = Page.promote_panels + [FieldPanel("social_image")]
    image_renditions = {"social_image": ("share",)}
    # Appeals and petitions show the share image as their hero picture too (pages/_hero_image.html).
    hero_image_renditions = {"social_image": ("share", "hero")}

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        # A page speaks its own language (<html lang dir>, the interface's words), whatever address served it.
        translation.activate(languages.choose(language_of(self.locale_id)))
        request.LANGUAGE_CODE = translation.get_language()
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        streams = [getattr(self, f.name) for f in self._meta.concrete_fields if isinstance(f, StreamField)]
        prefetch_choosers(streams)
        return context
