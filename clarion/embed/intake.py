"""Reading a signature sent from a partner's page: a small JSON object of known fields, turned into the form data
the petition's own SignatureForm validates, so the embedded form follows exactly the rules of the page's form.

Anything else is refused with a status and a sentence: not JSON (415), too big (413), not an object, unknown or
non-text fields (400). Nothing is stored before all of it has passed.
"""

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from clarion.core.public_post import size_status
from clarion.petitions.fraud import NOT_OUR_FORM

# The form's own fields (see SignatureForm), the fill time its script measures, the partner's opt-in, and the
# partner a frame names (the frame's posts come from this site, so the Origin header cannot say which partner).
TEXT_FIELDS = {"name", "email", "country", "postal_code", "comment", "website", "elapsed", "partner"}
BOOLEAN_FIELDS = {"opt_in", "show_name", "name_to_target", "keep_email", "partner_opt_in"}
MAX_TEXT = 1000


@dataclass
class Refused(Exception):
    status: int
    detail: str
    errors: dict = field(default_factory=dict)


def _size(request):
    # The limit and its reading are the public form posts' own (clarion.core.public_post); the words are JSON's.
    status = size_status(request)
    if status == 400:
        raise Refused(400, _("The request's length is not a number."))
    if status == 413:
        raise Refused(413, _("That was too much to send. Please shorten what you wrote and try again."))


def read_body(request):
    """The posted object as form data for SignatureForm (ticked boxes as "on"), or Refused."""
    _size(request)
    if request.content_type != "application/json":
        raise Refused(415, _("Send the signature as JSON (Content-Type: application/json)."))
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused(400, _("The body is not valid UTF-8 JSON.")) from None
    if not isinstance(body, dict):
        raise Refused(400, _("Send one JSON object with the form's fields."))
    errors = {}
    data = {}
    for name, value in body.items():
        if name in BOOLEAN_FIELDS and isinstance(value, bool):
            if value:
                data[name] = "on"
        elif name in TEXT_FIELDS and isinstance(value, str) and len(value) <= MAX_TEXT and "\x00" not in value:
            data[name] = value
        elif name in TEXT_FIELDS | BOOLEAN_FIELDS:
            errors[name] = [_("true or false") if name in BOOLEAN_FIELDS else _("Text of at most %(max)d "
                                                                                  "characters.") % {"max": MAX_TEXT}]
        else:
            errors[str(name)[:60]] = [_("Unknown field.")]
    if errors:
        raise Refused(400, _("Some fields could not be read."), errors)
    return data


def elapsed_ms(data):
    """The fill time the widget measured, as the page's form sends it; missing or garbled reads as a robot's."""
    value = data.get("elapsed", None)
    if value == "":
        return None
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else NOT_OUR_FORM
