"""One mailing's messages: templates compiled once, then filled in for each recipient."""

import re
from functools import cached_property

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_countries import countries

from clarion.alerts.merge import compile_merge_template, render
from clarion.supporters.tokens import preferences_url, unsubscribe_url

LINK = re.compile(r"(https?://[^\s<>\"]+?)(?=[.,;:!?)\]]*(?:\s|$))")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def text_to_html(text):
    """Organisers write plain text; this escapes it, makes links clickable and keeps paragraphs and lines."""
    paragraphs = []
    for block in PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").strip()):
        html = LINK.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', escape(block.strip()))
        paragraphs.append("<p>" + html.replace("\n", "<br>\n") + "</p>")
    return mark_safe("\n".join(paragraphs))


def personal_link(url, supporter):
    """The petition link carrying the recipient's referral code, so their signatures and shares are credited."""
    return f"{url}{'&' if '?' in url else '?'}ref={supporter.referral_code}&src=alert" if url else ""


class Composer:
    def __init__(self, mailing):
        self.mailing = mailing
        self.subject = compile_merge_template(mailing.subject)
        self.preheader = compile_merge_template(mailing.preheader)
        self.body = compile_merge_template(mailing.body)
        self.text_page = get_template("mail/alerts/message.txt")
        self.html_page = get_template("mail/alerts/message.html")
        self.site_name = settings.WAGTAIL_SITE_NAME

    @cached_property
    def petition_url(self):
        petition = self.mailing.petition
        if petition is None:
            return ""
        url = petition.get_url() or ""
        return settings.CLARION_BASE_URL + url if url.startswith("/") else url

    def fields(self, supporter):
        petition = self.mailing.petition
        return {
            "first_name": supporter.first_name, "name": supporter.name, "email": supporter.email,
            "country": countries.name(supporter.country) if supporter.country else "",
            "petition_title": petition.title if petition else "",
            "petition_link": personal_link(self.petition_url, supporter),
            "preferences_url": preferences_url(supporter), "unsubscribe_url": unsubscribe_url(supporter),
        }

    def render(self, supporter):
        """(subject, text, html, headers) as this supporter would receive them."""
        fields = self.fields(supporter)
        body = render(self.body, fields)
        subject = " ".join(render(self.subject, fields).split())
        page = {"site_name": self.site_name, "preferences_url": fields["preferences_url"],
                "preheader": " ".join(render(self.preheader, fields).split()), "body": body}
        text = self.text_page.render(page)
        html = self.html_page.render({**page, "body_html": text_to_html(body),
                                      "subject": subject})
        headers = {"List-Unsubscribe": f"<{fields['unsubscribe_url']}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        return subject, text, html, headers

    def message(self, supporter, connection=None):
        subject, text, html, headers = self.render(supporter)
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [supporter.email],
                                         headers=headers, connection=connection)
        message.attach_alternative(html, "text/html")
        return message
