from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def grouped(value):
    """12340 → "12,340" in English, "12.340" in German: figures for a minister are read, not parsed."""
    return number_format(value, force_grouping=True)
