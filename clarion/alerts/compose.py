"""One mailing's messages: everything compiled once per mailing, then filled in for each recipient.

The page around the body (templates/mail/alerts/message.html, both parts) is rendered once with markers in place
of the personal parts, so each message costs three small merge-field renders, one signed token and a few
string replacements.
"""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_countries import countries

from clarion.alerts.merge import FIELDS, compile_merge_template, render
from clarion.alerts.mime import AlertEmail, sanitize_address
from clarion.alerts.updates import updates_token
from clarion.core import languages
from clarion.mail.letters import STYLES, base_context, compose
from clarion.organisation.identity import current
from clarion.supporters.models import Supporter
from clarion.supporters.tokens import preferences_token

LINK = re.compile(r"(https?://[^\s<>\"]+?)(?=[.,;:!?)\]]*(?:\s|$))")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
MARK = "clarion0merge0{}0"
SLOTS = ("body", "preheader", "subject", "preferences_url", "petition_link")
# What previews and tests carry instead of a preferences token: it opens the "link does not work" page, nothing more.
SAMPLE_TOKEN = "sample-link-in-a-preview"


def text_to_html(text):
    """Organisers write plain text; this escapes it, makes links clickable and keeps paragraphs and lines."""
    paragraphs = []
    for block in PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").strip()):
        html = LINK.sub(rf'<a href="\1" style="{STYLES["a"]}">\1</a>', escape(block.strip()))
        paragraphs.append(f'<p style="{STYLES["p"]}">' + html.replace("\n", "<br>\n") + "</p>")
    return "\n".join(paragraphs)


def personal_link(url, supporter):
    """The petition link carrying the recipient's referral code, so their signatures and shares are credited."""
    return f"{url}{'&' if '?' in url else '?'}ref={supporter.referral_code}&src=alert" if url else ""


def sample_supporter():
    """The made-up person a preview shows to someone who may not see supporters: merge.FIELDS' examples, and a
    referral code no real supporter can have (it has vowels)."""
    return Supporter(email=FIELDS["email"], name=FIELDS["name"], country=countries.by_name(FIELDS["country"]),
                     referral_code="preview")


def _link_template(name):
    """The absolute URL of `name` for any token: what tokens.preferences_url/unsubscribe_url build, per token."""
    return settings.CLARION_BASE_URL + reverse(name, args=[MARK.format("token")])


class Shell:
    """One mailing's text and HTML rendered once (clarion.mail.letters) with markers; fill() puts a recipient's
    parts in."""

    def __init__(self, template, context, slots):
        markers = {slot: MARK.format(slot) for slot in slots}
        context = base_context({**context, **{slot: mark_safe(m) for slot, m in markers.items()}})
        text, html = compose(render_to_string(template, context), context)
        pattern = "(" + "|".join(markers.values()) + ")"
        self.text_pieces, self.html_pieces = re.split(pattern, text), re.split(pattern, html)
        self.slots = {m: slot for slot, m in markers.items()}

    def _fill(self, pieces, parts):
        return "".join(parts[self.slots[piece]] if piece in self.slots else piece for piece in pieces)

    def text(self, parts):
        return self._fill(self.text_pieces, parts)

    def html(self, parts):
        return self._fill(self.html_pieces, parts)


class Version:
    """The mailing as one language's readers get it: its version in that language, else the mailing's own text,
    in a page written in that language (direction, words around the body) and linking to that translation."""

    def __init__(self, mailing, language, written, update_for):
        self.subject = compile_merge_template(written.subject)
        self.preheader = compile_merge_template(written.preheader)
        self.body = compile_merge_template(written.body)
        petition = mailing.petition.in_language(language) if mailing.petition else None
        self.petition_url = _absolute(petition.get_url() or "") if petition else ""
        self.petition_title = petition.title if petition else ""
        # The organiser signs the body themselves; a button to the petition when the mailing is about one.
        slots = SLOTS if self.petition_url else tuple(slot for slot in SLOTS if slot != "petition_link")
        with translation.override(language):
            if update_for:
                title = update_for.in_language(language).title
                self.shell = Shell("mail/alerts/update.html", {"signoff": False, "petition_title": title}, slots)
            else:
                self.shell = Shell("mail/alerts/message.html", {"signoff": False}, slots)


def _absolute(url):
    return settings.CLARION_BASE_URL + url if url.startswith("/") else url


class Composer:
    """`sample_links`: for previews and tests, every preferences and unsubscribe link (headers included) is a
    placeholder that acts for nobody, so a copy shown to an organiser never hands over a supporter's account."""

    def __init__(self, mailing, *, sample_links=False):
        self.mailing = mailing
        self.sample_links = sample_links
        self.identity = current()
        # An update to a petition's signers: its links stop that petition's updates, nothing else.
        self.update_for = mailing.update_for if mailing.update_for_id else None
        # Every language's version built now: sending threads must not query the database.
        written = {version.language: version for version in mailing.versions.all()} if mailing.pk else {}
        self.versions = {code: Version(mailing, code, written.get(code, mailing), self.update_for)
                         for code in languages.codes()}
        if self.update_for:
            self.preferences_link = self.unsubscribe_link = _link_template("alerts_updates:stop")
        else:
            self.preferences_link = _link_template("supporters:preferences")
            self.unsubscribe_link = _link_template("supporters:unsubscribe")
        self.from_header = sanitize_address(self.identity.from_email, "utf-8")
        self.country_names = {}

    def version(self, supporter):
        """The version in the supporter's language; one the site no longer speaks reads the default's."""
        return self.versions[languages.choose(getattr(supporter, "language", ""))]

    def country_name(self, code):
        if code not in self.country_names:
            self.country_names[code] = str(countries.name(code)) if code else ""
        return self.country_names[code]

    def fields(self, supporter, version=None):
        version = version or self.version(supporter)
        if self.sample_links:
            token = SAMPLE_TOKEN
        elif self.update_for:
            token = updates_token(supporter.pk, self.update_for.pk)
        else:
            token = preferences_token(supporter)
        marker = MARK.format("token")
        return {
            "first_name": supporter.first_name, "name": supporter.name, "email": supporter.email,
            "country": self.country_name(supporter.country),
            "petition_title": version.petition_title,
            "petition_link": personal_link(version.petition_url, supporter),
            "preferences_url": self.preferences_link.replace(marker, token),
            "unsubscribe_url": self.unsubscribe_link.replace(marker, token),
        }

    def render(self, supporter):
        """(subject, text, html, headers) as this supporter would receive them."""
        version = self.version(supporter)
        fields = self.fields(supporter, version)
        body = render(version.body, fields)
        subject = " ".join(render(version.subject, fields).split())
        preheader = " ".join(render(version.preheader, fields).split())
        parts = {"body": body, "preheader": preheader, "subject": subject,
                 "preferences_url": fields["preferences_url"], "petition_link": fields["petition_link"]}
        text = version.shell.text(parts)
        html = version.shell.html({**{slot: escape(value) for slot, value in parts.items()},
                                   "body": text_to_html(body)})
        headers = {"List-Unsubscribe": f"<{fields['unsubscribe_url']}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        return subject, text, html, headers

    def message(self, supporter, connection=None):
        subject, text, html, headers = self.render(supporter)
        reply_to = [self.identity.reply_to] if self.identity.reply_to else None
        message = AlertEmail(subject, text, self.identity.from_email, [supporter.email], headers=headers,
                             reply_to=reply_to, connection=connection, from_header=self.from_header)
        message.attach_alternative(html, "text/html")
        return message
