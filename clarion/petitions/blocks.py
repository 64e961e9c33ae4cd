from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from clarion.core.prefetch import PooledPageChooserBlock
from clarion.petitions.display import petition_context


class PetitionBlock(blocks.StructBlock):
    """A petition's counter and signing form, placed in an appeal's body or in a module."""

    petition = PooledPageChooserBlock(page_type="petitions.PetitionPage", label=_("Petition"))
    show_form = blocks.BooleanBlock(required=False, default=True, label=_("Show the signing form here"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        petition = value.get("petition")
        if petition is not None and petition.live:
            context.update(petition_context(petition))
            context["petition"] = petition
        return context

    class Meta:
        icon = "form"
        template = "blocks/petition.html"
        label = _("Petition")
