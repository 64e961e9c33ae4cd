"""The body of OSDI's record signature helper, read into the signing form's fields.

    {"person": {"given_name": "…", "family_name": "…", "email_addresses": [{"address": "…"}],
                "postal_addresses": [{"postal_code": "…", "country": "GB"}]},
     "comments": "…", "opt_in": false, "show_name": false, "add_tags": […]}

Fields OSDI tools commonly send and Clarion has no use for are accepted and ignored; any other field is
refused, so a misspelt one ("opt-in") is not silently dropped.
"""

from rest_framework import exceptions

from clarion.core import languages

TOP = {"person", "comments", "opt_in", "show_name", "name_to_target", "keep_email"}
TOP_IGNORED = {"add_tags", "remove_tags", "triggers", "identifiers", "origin_system", "referrer_data"}
PERSON = {"given_name", "family_name", "email_addresses", "postal_addresses"}
PERSON_IGNORED = {"identifiers", "origin_system", "phone_numbers", "languages_spoken", "custom_fields",
                  "add_tags", "additional_name", "gender"}
FLAGS = ("opt_in", "show_name", "name_to_target", "keep_email")
# Where each of the signing form's fields came from in the body, so a refusal names what the tool sent.
SOURCES = {"name": "person.given_name", "email": "person.email_addresses.address",
           "country": "person.postal_addresses.country", "postal_code": "person.postal_addresses.postal_code",
           "comment": "comments", "__all__": "body"}


def _object(value, where):
    if not isinstance(value, dict):
        raise exceptions.ValidationError({where: "Must be a JSON object."})
    return value


def _refuse_unknown(value, known, ignored, where):
    unknown = sorted(str(name)[:40] for name in set(value) - known - ignored)
    if unknown:
        raise exceptions.ValidationError({where: f"Unknown fields: {', '.join(unknown)}."})


def _text(value, where):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise exceptions.ValidationError({where: "Must be a string."})
    return value


def _first(items, where):
    """OSDI lists addresses; the first (or the primary) one is the signer's."""
    if items is None:
        return {}
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise exceptions.ValidationError({where: "Must be a list of objects."})
    primary = [item for item in items if item.get("primary") is True]
    return (primary or items or [{}])[0]


def _language(spoken):
    """The first of the person's languages the site speaks ("fa-IR" → "fa"), else "" (the page's language)."""
    if not isinstance(spoken, list):
        return ""
    return next(filter(None, (languages.spoken(code) for code in spoken)), "")


def form_data(body):
    """The signing form's data from a record signature helper body; a 400 (ValidationError) for a wrong shape."""
    body = _object(body, "body")
    _refuse_unknown(body, TOP, TOP_IGNORED, "body")
    person = _object(body.get("person"), "person")
    _refuse_unknown(person, PERSON, PERSON_IGNORED, "person")
    email = _first(person.get("email_addresses"), "person.email_addresses")
    postal = _first(person.get("postal_addresses"), "person.postal_addresses")
    names = [_text(person.get(part), f"person.{part}").strip() for part in ("given_name", "family_name")]
    data = {
        "name": " ".join(part for part in names if part),
        "email": _text(email.get("address"), "person.email_addresses.address"),
        "country": _text(postal.get("country"), "person.postal_addresses.country").upper(),
        "postal_code": _text(postal.get("postal_code"), "person.postal_addresses.postal_code"),
        "comment": _text(body.get("comments"), "comments"),
        "website": "",
        "language": _language(person.get("languages_spoken")),
    }
    for flag in FLAGS:
        value = body.get(flag, False)
        if not isinstance(value, bool):
            raise exceptions.ValidationError({flag: "Must be true or false."})
        if value:
            data[flag] = "on"
    return data


def form_errors(form):
    """The signing form's refusals, by the body's field names: {"person.email_addresses.address": [...]}."""
    return {SOURCES.get(name, name): [str(message) for message in messages] for name, messages in form.errors.items()}
