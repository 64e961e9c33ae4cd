from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Orderable, PreviewableMixin, RevisionMixin, TranslatableMixin
from wagtail.search import index

from clarion.layout.positions import POSITIONS
from clarion.pages.blocks import ModuleBodyBlock


class Assignment(models.TextChoices):
    ALL = "all", _("On all pages")
    ONLY = "only", _("Only on the pages below")
    EXCEPT = "except", _("On all pages except those below")


class Module(DraftStateMixin, RevisionMixin, PreviewableMixin, TranslatableMixin, index.Indexed, Orderable,
             ClusterableModel):
    """A block of content placed in a named position of the page template, on chosen pages."""

    title = models.CharField(_("title"), max_length=120)
    show_title = models.BooleanField(_("show the title"), default=True)
    position = models.CharField(_("position"), max_length=20, choices=POSITIONS, db_index=True)
    body = StreamField(ModuleBodyBlock(), blank=True, verbose_name=_("content"))
    assignment = models.CharField(
        _("show it"), max_length=10, choices=Assignment.choices, default=Assignment.ALL
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("show_title")]),
        FieldPanel("position"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("assignment"), InlinePanel("page_assignments", label=_("Page"))],
            heading=_("Pages"),
        ),
    ]
    search_fields = [index.SearchField("title"), index.FilterField("position")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "layout/module_preview.html"

    def get_preview_context(self, request, mode_name):
        return {"module": self, "previewed_module": self}

    def shows_on(self, page, lineage=()):
        """Whether this module belongs on `page` (or a translation of it), judged from its (prefetched) page
        assignments; `lineage` is the translation keys of the page's ancestors."""
        if self.assignment == Assignment.ALL:
            return True
        matched = page is not None and any(a.matches(page, lineage) for a in self.page_assignments.all())
        return matched if self.assignment == Assignment.ONLY else not matched


class ModulePage(Orderable):
    module = ParentalKey(Module, on_delete=models.CASCADE, related_name="page_assignments")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("page"))
    include_subpages = models.BooleanField(_("and its subpages"), default=False)

    panels = [FieldPanel("page"), FieldPanel("include_subpages")]

    class Meta(Orderable.Meta):
        verbose_name = _("page")

    def matches(self, page, lineage=()):
        """The assigned page, in any language, or (with its subpages) a page below it in any language's tree."""
        if page.pk == self.page_id or page.translation_key == self.page.translation_key:
            return True
        if not self.include_subpages:
            return False
        below = page.path.startswith(self.page.path) and page.depth > self.page.depth
        # Each language has its own tree: only a page in another language's tree needs its ancestors' keys.
        return below or (page.locale_id != self.page.locale_id and self.page.translation_key in lineage)
