"""`{{ n|local_number }}`, `{{ d|local_date }}`, `{{ text|local_digits }}`, `{% number_locale %}`: see locale_choice."""

from django import template

from clarion.organisation import locale_choice

register = template.Library()


@register.filter
def local_number(value):
    return locale_choice.number(value)


@register.filter
def local_date(value, fmt="DATE_FORMAT"):
    return locale_choice.date(value, fmt)


@register.filter
def local_digits(text):
    return locale_choice.digits(text)


@register.simple_tag
def number_locale():
    """The Intl.NumberFormat locale a script needs to write figures as the page does."""
    return locale_choice.intl_locale()
