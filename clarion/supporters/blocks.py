"""The newsletter sign-up block, for page bodies and layout modules."""

import hashlib
import secrets

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

DEFAULT_NOTICE = _("Yes, e-mail me about this campaign and others like it. I can unsubscribe at any time.")


def shown_notice_digest(text):
    """The digest naming this exact wording; its ConsentNotice version exists from the first time it is shown."""
    from clarion.supporters.actions import notice_for

    digest = hashlib.sha256(text.encode()).hexdigest()
    key = f"supporters:notice:{digest}"
    if not cache.get(key):  # pages render often; the version is created once
        notice_for(text)
        cache.set(key, True, 86400)
    return digest


class SignupBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("Get our campaign e-mails"), label=_("Heading"))
    intro = blocks.TextBlock(required=False, label=_("Introduction"))
    notice = blocks.TextBlock(
        default=DEFAULT_NOTICE, label=_("Consent notice"),
        help_text=_("Shown above the button and recorded word for word with every sign-up. Changing it starts "
                    "a new version; earlier sign-ups keep the wording they saw."))
    button_text = blocks.CharBlock(max_length=40, default=_("Subscribe"), label=_("Button text"))

    def get_context(self, value, parent_context=None):
        from clarion.supporters.forms import SignupForm

        context = super().get_context(value, parent_context)
        # Two sign-up blocks may share a page (a module and the body): their ids must differ.
        prefix = secrets.token_hex(3)
        context.update(
            form=SignupForm(initial={"notice": shown_notice_digest(value["notice"]), "language": get_language()},
                            auto_id=f"signup-{prefix}-%s"),
            notice_text=value["notice"], heading_id=f"signup-{prefix}-title",
        )
        return context

    class Meta:
        icon = "mail"
        template = "supporters/signup_block.html"
        label = _("Newsletter sign-up")
