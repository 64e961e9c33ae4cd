from django import template
from django.utils.html import format_html_join

from clarion.spread import links, tokens
from clarion.spread.attribution import FIELDS, read_attribution

register = template.Library()


@register.simple_tag(takes_context=True)
def attribution_inputs(context):
    """Hidden inputs with the cleaned ref/src/utm_* of this request; petition.js fills empty ones from the
    visitor's first touch. The landing query string makes them, so one cached copy per URL stays correct."""
    request = context.get("request")
    values = {}
    if request is not None:
        values = read_attribution(request.POST if request.method == "POST" else request.GET).as_fields()
    return format_html_join("", '<input type="hidden" name="{}" value="{}" data-attribution>',
                            ((name, values.get(name, "")) for name in FIELDS))


@register.simple_tag
def share_links(petition, supporter=None):
    return links.share_links(petition, supporter)


@register.simple_tag
def share_url(petition, supporter=None, channel="copy"):
    return links.share_url(petition, supporter, channel)


@register.simple_tag
def impact_url(supporter):
    return tokens.impact_url(supporter) if supporter else ""


@register.simple_tag
def thanks_url(signature):
    """The signer's private thank-you page, absolute: the share step and invitations, from an e-mail."""
    return tokens.thanks_url(signature)
