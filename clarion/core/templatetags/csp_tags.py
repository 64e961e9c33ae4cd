from django import template
from django.utils.safestring import mark_safe

from clarion.core import csp
from clarion.core.inline import SCRIPTS

register = template.Library()


@register.simple_tag
def inline_script(name):
    """One of clarion.core.inline's scripts, byte for byte what the policy's hash allows."""
    return mark_safe(f"<script>{SCRIPTS[name]}</script>")  # noqa: S308 (constants written in clarion.core.inline)


@register.simple_tag
def csp_nonce():
    """The nonce of the admin request being answered (for Wagtail's own inline scripts; never public pages)."""
    return csp.current_nonce()
