"""What the embedded petition shows, as one JSON document the script (or the frame) renders: the counter, the
form's fields with their labels and consent wording, the partner's own opt-in, the texts and the share step.

Everything in it is public (the petition page shows the same), so it is read from anywhere; only signing is
limited to the partner allow-list. Labels come from the petition's SignatureForm, in the language asked for, so
the widget speaks the host page's language wherever Clarion has it and carries no text of its own.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clarion.organisation import locale_choice
from clarion.petitions.display import count_document
from clarion.petitions.forms import SignatureForm
from clarion.spread.links import anonymous_share_context, petition_link

CHECKBOXES = ("opt_in", "show_name", "name_to_target")
AUTOCOMPLETE = {"name": "name", "email": "email", "country": "country", "postal_code": "postal-code"}


def language_for(requested):
    """The site language closest to the host page's <html lang> (fa-IR → fa), else the site's default."""
    base = (requested or "").strip().lower().replace("_", "-").split("-")[0]
    return base if base in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _field(name, field):
    entry = {"name": name, "label": str(field.label), "required": field.required}
    if name in CHECKBOXES:
        return entry | {"type": "checkbox"}
    if name == "country":
        return entry | {"type": "select", "choices": [list(choice) for choice in field.choices],
                        "initial": field.initial or "", "autocomplete": "country"}
    kind = "email" if name == "email" else "textarea" if name == "comment" else "text"
    entry |= {"type": kind, "max_length": field.max_length}
    return entry | ({"autocomplete": AUTOCOMPLETE[name]} if name in AUTOCOMPLETE else {})


def _fields(petition, partner):
    form = SignatureForm(petition=petition)
    fields = [_field(name, field) for name, field in form.fields.items() if name != "website"]
    if partner and partner.opt_in_text:
        fields.append({"name": "partner_opt_in", "type": "checkbox", "label": partner.opt_in_text,
                       "required": False, "privacy_url": partner.privacy_url})
    return fields


def _texts(count):
    return {
        "heading": _("Add your name"), "sign": _("Sign the petition"), "sending": _("Sending…"),
        # The word takes the count's plural form (Arabic has six); the script writes the figure into it.
        "signatures": ngettext("%(count)s signature", "%(count)s signatures", count),
        "goal": _("Goal: %(goal)s"), "first": _("Be the first to sign"),
        "check_email": _("Thank you. Now check your e-mail: click the link we sent you to confirm your "
                         "signature. Nothing is counted until you do."),
        "note": _("We will e-mail you a link: nothing is counted until you click it."),
        "privacy": _("How we use your data"), "share": _("Now ask your friends to sign"),
        "copy": _("Copy the link"),
        "link": _("Your link to the petition"), "copied": _("Link copied"),
        "closed": _("This petition is not taking signatures."),
        "failed": _("Your signature could not be sent. Please try again, or sign on the petition page."),
        "correct": _("Please correct the marked fields."),
        "not_partner": _("This site may not collect signatures for this petition. Please sign on the petition page."),
        "open_page": _("Open the petition page"), "required": _("required"),
    }


def petition_document(petition, partner, language):
    """The embed document of `petition` in `language`, for `partner`'s site (None: a site not on the list)."""
    petition = petition.in_language(language)  # the translation in that language, where there is one
    with translation.override(language):
        counts = count_document(petition)
        privacy = petition.privacy_page
        share = anonymous_share_context(petition)
        return {
            "petition": petition.pk, "title": petition.title, "demand": petition.demand,
            "target": {"name": petition.target_name, "title": petition.target_title},
            "url": petition_link(petition), "language": language,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            # The Intl.NumberFormat locale that writes figures with the digits the site chose for the language.
            "number_locale": locale_choice.intl_locale(),
            "count": {"total": counts["signature_count"], "shown": counts["count_shown"], "goal": counts["goal"]},
            "accepts_signatures": petition.accepts_signatures(),
            "sign_url": settings.CLARION_BASE_URL + reverse("embed:sign", args=[petition.pk]),
            "partner": {"name": partner.name, "origin": partner.origin} if partner else None,
            "fields": _fields(petition, partner),
            "privacy_url": settings.CLARION_BASE_URL + privacy.url if privacy and privacy.live else "",
            "share": {"links": [{"label": link["label"], "href": link["href"]} for link in share["share_links"]],
                      "copy_url": share["copy_url"]},
            "texts": _texts(counts["signature_count"]),
        }
