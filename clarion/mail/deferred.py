"""Mail written at delivery: the request that causes a message stores one small row and renders nothing.

A signature's confirmation mail used to be rendered (three templates and a signed link) inside the signing
request and its write transaction: about half of what signing cost the process, and 3 kB more to write while
SQLite's one writer waits. Such a message is now queued with its template and the name of a registered
context builder and its arguments; delivery builds the context, renders, stores what it sent, and sends.
A builder returns None when the message is no longer wanted (its signature was erased, say).
"""

from clarion.mail.letters import render

_builders = {}
_concerning = {}


def register(name, builder, concerning=None):
    """`builder(**arguments)` returns the template context for a deferred message, or None to drop it.

    `concerning(supporter)` returns {argument: [values]} naming that supporter's data in recipes (e.g. their
    signatures' ids), so that their erasure also removes messages about them sent to another spelling.
    """
    _builders[name] = builder
    if concerning is not None:
        _concerning[name] = concerning


def recipes_concerning(supporter):
    """(builder name, argument, values) for every recipe that would name `supporter`'s data."""
    return [(name, argument, values) for name, concerning in _concerning.items()
            for argument, values in concerning(supporter).items()]


def recipe(builder, arguments):
    return {"builder": builder, "arguments": arguments}


def _context(message):
    return _builders[message.context["builder"]](**message.context["arguments"])


def subject(message):
    """What a message not written yet will be called (for a supporter's data export); "" if it is dropped."""
    if not message.context:
        return message.subject
    context = _context(message)
    return render(message.template, context)[0] if context is not None else ""


def write(message):
    """Render a deferred message in place; False when its builder no longer wants it sent. Delivery stores
    what was written with the same UPDATE that marks it sent: no write more than an ordinary message costs."""
    if not message.context or message.subject:
        return True
    context = _context(message)
    if context is None:
        return False
    message.subject, message.text_body, message.html_body = render(message.template, context)
    return True


def written_fields(message):
    """What delivery stores of a message it sent: what was written at delivery, if anything."""
    if not message.context:
        return {}
    return {"subject": message.subject, "text_body": message.text_body, "html_body": message.html_body}
