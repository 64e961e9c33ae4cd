"""The newsletter sign-up block, for page bodies and layout modules."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.fields import StreamField

from clarion.core.prefetch import walk_stream
from clarion.supporters.forms import SignupForm
from clarion.supporters.tokens import notice_token

DEFAULT_NOTICE = _("Yes, e-mail me about this campaign and others like it. I can unsubscribe at any time.")


def _form_number(parent_context):
    """1, 2, … for the sign-up forms of one render: the same on every render, so a kept page equals a fresh one."""
    request = (parent_context or {}).get("request")
    number = getattr(request, "clarion_signup_forms", 0) + 1
    if request is not None:
        request.clarion_signup_forms = number
    return number


class SignupBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("Get our campaign e-mails"), label=_("Heading"))
    intro = blocks.TextBlock(required=False, label=_("Introduction"))
    notice = blocks.TextBlock(
        default=DEFAULT_NOTICE, label=_("Consent notice"),
        help_text=_("Shown above the button and recorded word for word with every sign-up. Changing it starts "
                    "a new version; earlier sign-ups keep the wording they saw."))
    button_text = blocks.CharBlock(max_length=40, default=_("Subscribe"), label=_("Button text"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # Two sign-up blocks may share a page (a module and the body): their ids must differ.
        prefix = _form_number(parent_context)
        context.update(
            form=SignupForm(initial={"notice": notice_token(value["notice"]), "language": get_language()},
                            auto_id=f"signup-{prefix}-%s"),
            notice_text=value["notice"], heading_id=f"signup-{prefix}-title",
        )
        return context

    class Meta:
        icon = "mail"
        template = "supporters/signup_block.html"
        label = _("Newsletter sign-up")


def notices_shown(obj):
    """Every consent wording the sign-up blocks of a page or module show, read from its raw data alone."""
    for field in obj._meta.concrete_fields:
        if isinstance(field, StreamField):
            stream = getattr(obj, field.name)
            for block, raw in walk_stream(stream.stream_block, stream.raw_data):
                if isinstance(block, SignupBlock) and isinstance(raw, dict):
                    yield str(raw.get("notice") or block.child_blocks["notice"].get_default())
