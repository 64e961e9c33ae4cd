"""What a person's name may hold, wherever a public form asks for one (signing, signing up)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Names may be in any script; what is refused is markup and links, which have no place in a name.
# U+FFFD is what bytes that were not UTF-8 decode to: garbage, never a name.
FORBIDDEN_IN_NAMES = ("<", ">", "http://", "https://", "www.", "\n", "\r", "\ufffd")


def check_name(name):
    """Raise a ValidationError saying so when `name` carries markup, a link or undecodable bytes."""
    if any(token in name.lower() for token in FORBIDDEN_IN_NAMES):
        raise ValidationError(_("Please give just your name, without links or markup."))
