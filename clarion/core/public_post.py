"""The one prologue of every public form post (signing, signing up, inviting), and the one set of texts that
say why a post was refused.

These forms carry no CSRF token (their pages are cached for everyone), so before a field is read a post must
be of a size we take, be a web form, come from one of our own pages (clarion.core.origin) and be UTF-8
(clarion.core.encoding). Each check answers with its own 4xx and a sentence a person can act on.
"""

from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from clarion.core.encoding import not_utf8
from clarion.core.origin import foreign_origin

# What a web form sends; a post without a Content-Type is read as an (empty) form too.
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "")


@dataclass(frozen=True)
class Refusal:
    status: int
    problem: str  # a key of TEXTS: "too_large", "not_form", "foreign" or "encoding"


@dataclass(frozen=True)
class Text:
    heading: str
    text: str

    @property
    def note(self):
        """Heading and text as one line, for the short answer to a flood of bad posts."""
        return f"{self.heading}. {self.text}"


# (problem, door) → what the person reads; the door "" is the wording for any public form.
TEXTS = {
    ("too_large", ""): Text(_("That was too much to send"), _("Please shorten what you wrote and try again.")),
    ("not_form", "sign"): Text(_("Please sign on the petition page"),
                               _("This address takes the petition's web form only.")),
    ("not_form", ""): Text(_("Please use the form on our site"), _("This address takes our web form only.")),
    ("foreign", "sign"): Text(_("Please sign on this site"),
                              _("The form you used was not on this site. Open the petition page and sign there.")),
    ("foreign", "signup"): Text(_("Please sign up on this site"),
                                _("The form you used was not on this site. Open our site and sign up there.")),
    ("foreign", ""): Text(_("Please use the form on our site"),
                          _("The form you used was not on this site. Open the page from our site or from our "
                            "e-mail and send the form there.")),
    ("encoding", "sign"): Text(_("We could not read your signature"),
                               _("The form arrived in a character encoding other than UTF-8, so nothing was "
                                 "recorded. Please sign again on the petition page.")),
    ("encoding", ""): Text(_("We could not read what you sent"),
                           _("The form arrived in a character encoding other than UTF-8, so nothing of it was "
                             "recorded. Please go back, reload the page and send the form again from your browser.")),
}


def problem_text(problem, door=""):
    """What to tell a person whose post to `door` ("sign", "signup", "invite") met `problem`; None for a problem
    that is not the prologue's (the door says that one itself)."""
    return TEXTS.get((problem, door)) or TEXTS.get((problem, ""))


def size_status(request):
    """413 for a body over the limit, 400 for a garbled length, None when the size is acceptable."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 400
    return 413 if length > settings.CLARION_MAX_SIGN_BYTES or length < 0 else None


def public_post_problem(request):
    """The Refusal for a public form post we must not read, or None. Call it before reading request.POST."""
    if status := size_status(request):
        return Refusal(status, "too_large")
    if request.content_type not in FORM_TYPES:
        # JSON or anything else: refused before it is read, and never mistaken for an empty form.
        return Refusal(415, "not_form")
    if foreign_origin(request):
        return Refusal(403, "foreign")
    if not_utf8(request):
        return Refusal(400, "encoding")
    return None


def refused_post(request, refusal, door=""):
    """The page for a refused post, for doors that have no frame of their own."""
    return TemplateResponse(request, "core/refused_post.html", {"about": problem_text(refusal.problem, door)},
                            status=refusal.status)


def public_post(door):
    """Decorator: a POST to the view passes the prologue first; a refused one gets refused_post()."""

    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if request.method == "POST" and (refusal := public_post_problem(request)):
                return refused_post(request, refusal, door)
            return view(request, *args, **kwargs)

        return checked

    return decorate
