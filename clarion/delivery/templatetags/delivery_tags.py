from django import template
from django.utils.html import format_html_join

from clarion.delivery.pdf import font_url
from clarion.organisation import locale_choice

register = template.Library()


@register.filter
def grouped(value):
    """12340 → "12,340" in English, "۱۲٬۳۴۰" in Persian: figures for a minister are read, not parsed."""
    return locale_choice.number(value)


# The same ranges as the site's stylesheet: each script from its own file.
_FACES = (("vazirmatn-arabic-wght-normal.woff2", "U+0600-06FF, U+0750-077F, U+0870-08FF, U+200C-200F, U+FB50-FDFF, "
           "U+FE70-FEFF"),
          ("vazirmatn-latin-wght-normal.woff2", "U+0000-00FF, U+2000-206F, U+2212"))


@register.simple_tag
def pdf_font_faces():
    """Vazirmatn for Persian and Arabic papers, whose text DejaVu Sans neither shapes nor draws as well."""
    return format_html_join(
        "", '@font-face {{ font-family: "Vazirmatn"; src: url("{}") format("woff2"); unicode-range: {}; }}\n',
        ((font_url(name), ranges) for name, ranges in _FACES))
