"""`{{ n|local_number }}`, `{{ d|local_date }}`, `{{ text|local_digits }}`, `{% number_locale %}`: see locale_choice."""

from django import forms, template
from django.utils.html import format_html

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


@register.filter
def isolate(value):
    """A person's words inside a sentence in another direction (an English name in Persian text, an e-mail
    address, a web address), kept in their own direction so neither scrambles the other."""
    if value in (None, ""):
        return value
    return format_html("<bdi>{}</bdi>", value)


# E-mail and web addresses are always written left to right; names and free text go the way they start.
_INPUT_DIRECTION = {"email": "ltr", "url": "ltr", "tel": "ltr", "text": "auto", "search": "auto"}


@register.filter
def with_direction(field):
    """A form field's widget with the `dir` its kind of text needs."""
    widget = field.field.widget
    kind = getattr(widget, "input_type", None) or ("textarea" if isinstance(widget, forms.Textarea) else None)
    direction = "auto" if kind == "textarea" else _INPUT_DIRECTION.get(kind)
    if direction is None or "dir" in widget.attrs:
        return field
    return field.as_widget(attrs={"dir": direction})
