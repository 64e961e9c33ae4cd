from django import template
from django.utils import translation
from django.utils.html import format_html_join

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


# A number in each of CLDR's plural categories, as browsers' Intl.PluralRules name them: Arabic uses all six
# (0, 1, 2, 3–10, 11–99, 100…), Persian and English `one` and `other`.
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}


@register.simple_tag
def plural_labels(singular, plural):
    """`data-<category>` attributes with the word in each plural form of the current language, so a script that
    counts (Intl.PluralRules(lang).select(n)) writes "توقيعان" for two in Arabic, not one word for every number."""
    return format_html_join(" ", 'data-{}="{}"', (
        (category, translation.ngettext(singular, plural, sample)) for category, sample in PLURAL_SAMPLES.items()))
