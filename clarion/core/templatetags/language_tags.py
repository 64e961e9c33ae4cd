from django import template
from django.utils import translation

from clarion.core import translations

register = template.Library()


@register.simple_tag(takes_context=True)
def page_alternates(context):
    """[(language, absolute address)] of the current page's published translations, for <link hreflang>."""
    page = context.get("page")
    if page is None or not hasattr(page, "translation_key"):
        return []
    return translations.alternates(page, context.get("request"))


@register.simple_tag(takes_context=True)
def language_links(context):
    """The language switcher's links (clarion.core.translations.switcher)."""
    return translations.switcher(context.get("page"), context.get("request"), translation.get_language())


@register.simple_tag(takes_context=True)
def home_url(context):
    """The home page in the current language; "/" (which picks the visitor's) when there is none."""
    home = translations.home_pages(context.get("request")).get(translation.get_language())
    return (home.get_url(context.get("request")) if home is not None else None) or "/"
