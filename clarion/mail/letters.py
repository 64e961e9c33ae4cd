"""Both parts of a mail from one source: templates/mail/<name>.html is rendered once, as plain semantic HTML
(p, a, a.button, ul/li, blockquote, p.small, br, strong, em, and an optional <footer> with the reason the
person gets it; attributes other than href and class are dropped), and that one rendering becomes the styled
HTML part and the plain-text part. A change of wording, a link or a sealed token lands in both parts alike.

The layouts (templates/mail/layout.{html,txt}) put around it the organisation's header, a sign-off, the footer
and its postal address (clarion.organisation.identity), and set the language and direction.
"""

from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from clarion.core import languages
from clarion.organisation.identity import current

ACCENT = "#b3001b"
# Inline styles by element; "{start}" is the side a line starts on (left, or right in right-to-left mail).
STYLES = {
    "p": "margin:0 0 16px;",
    "p.small": "margin:0 0 16px;font-size:14px;color:#444;",
    "a": f"color:{ACCENT};font-weight:700;",
    "footer a": "color:#555;",
    "ul": "margin:0 0 16px;padding:0;padding-{start}:24px;",
    "li": "margin:0 0 4px;",
    "blockquote": "margin:0 0 16px;padding:0;padding-{start}:12px;border-{start}:4px solid #e5e1da;",
}
BUTTON = (
    '<table role="presentation" border="0" cellspacing="0" cellpadding="0" style="margin:8px 0 24px;">'
    f'<tr><td align="center" bgcolor="{ACCENT}" style="border-radius:6px;background:{ACCENT};">'
    '<a href="{href}" style="display:inline-block;padding:14px 28px;border-radius:6px;background:' + ACCENT + ';'
    'color:#ffffff;font-size:17px;font-weight:700;line-height:1.3;text-decoration:none;">'
)
BUTTON_END = "</a></td></tr></table>"
BLOCKS = {"p", "li", "blockquote", "div", "h1", "h2", "h3"}
VOID = {"br", "hr", "img", "wbr"}


@dataclass
class Letter:
    body_html: str
    footer_html: str
    body_text: str
    footer_text: str


class _Part:
    """One output (the body, or the footer) as HTML and as plain-text blocks."""

    def __init__(self):
        self.html, self.blocks, self.line = [], [], []

    def flush(self, tight=False, prefix=""):
        lines = [" ".join(line.split()) for line in "".join(self.line).split("\n")]
        self.line = []
        text = "\n".join(prefix + line for line in lines if line)
        if text:
            self.blocks.append((text, tight))

    def text(self):
        out = ""
        for index, (text, tight) in enumerate(self.blocks):
            if index:
                out += "\n" if tight and self.blocks[index - 1][1] else "\n\n"
            out += text
        return out


class _Converter(HTMLParser):
    def __init__(self, start):
        super().__init__(convert_charrefs=True)
        self.start = start
        self.body, self.footer = _Part(), _Part()
        self.part, self.links, self.quoting, self.listing = self.body, [], 0, 0

    def _style(self, key):
        return STYLES[key].format(start=self.start)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        kind = attrs.get("class", "")
        if tag == "footer":
            self._flush()
            self.part = self.footer
            return
        if tag in BLOCKS or tag == "ul":
            self._flush()
        if tag == "br":
            self.part.line.append("\n")
            self.part.html.append("<br>")
        elif tag == "a":
            self._open_link(attrs.get("href", ""), kind == "button")
        else:
            self.quoting += tag == "blockquote"
            self.listing += tag == "ul"
            key = f"{tag}.{kind}" if f"{tag}.{kind}" in STYLES else tag
            style = f' style="{self._style(key)}"' if key in STYLES else ""
            # A person's own words keep the direction they are written in (dir="auto"), whatever the mail's.
            direction = f' dir="{attrs["dir"]}"' if attrs.get("dir") in ("auto", "ltr", "rtl") else ""
            self.part.html.append(f"<{tag}{style}{direction}>")

    def _open_link(self, href, button):
        if button:
            self._flush()
            self.part.html.append(BUTTON.format(href=escape(href)))
        else:
            key = "footer a" if self.part is self.footer else "a"
            self.part.html.append(f'<a href="{escape(href)}" style="{self._style(key)}">')
        self.links.append((href, button, len(self.part.line)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return  # <br/> is reported as a start and an end; its start said everything
        if tag == "footer":
            self._flush()
            self.part = self.body
            return
        if tag == "a":
            self._close_link()
            return
        self.part.html.append(f"</{tag}>")
        if tag in BLOCKS or tag == "ul":
            self._flush()
        self.quoting -= tag == "blockquote"
        self.listing -= tag == "ul"

    def _close_link(self):
        href, button, begun = self.links.pop()
        label = " ".join("".join(self.part.line[begun:]).split())
        if button:
            self.part.html.append(BUTTON_END)
            self.part.line[begun:] = [f"{label}:\n{href}"]
            self._flush()
        else:
            self.part.html.append("</a>")
            self.part.line[begun:] = [href if label in ("", href) else f"{label}: {href}"]

    def handle_data(self, data):
        self.part.html.append(escape(data, quote=False))
        self.part.line.append(data.replace("\n", " "))

    def _flush(self):
        self.part.flush(tight=self.listing > 0, prefix="> " * self.quoting + ("- " if self.listing else ""))

    def letter(self):
        self.close()
        self._flush()
        return Letter("".join(self.body.html).strip(), "".join(self.footer.html).strip(),
                      self.body.text(), self.footer.text())


def convert(html, start="left"):
    """The styled HTML and the plain text of one rendering of a mail's content."""
    converter = _Converter(start)
    converter.feed(html)
    return converter.letter()


def base_context(context):
    """What every mail template may use: who speaks, the site's address, the language and its direction."""
    identity = current()
    bidi = translation.get_language_bidi()
    return {"identity": identity, "site_name": identity.name, "base_url": settings.CLARION_BASE_URL,
            "language": translation.get_language() or settings.LANGUAGE_CODE, "direction": "rtl" if bidi else "ltr",
            "start": "right" if bidi else "left", "signoff": True, **context}


def compose(content, context):
    """(text, html) of a mail whose content (see the module's doc) is already rendered."""
    if "<footer" not in content:
        content += render_to_string("mail/_reason.html", context)
    letter = convert(content, context["start"])
    text = render_to_string("mail/layout.txt", {**context, "body": letter.body_text, "footer": letter.footer_text})
    html = render_to_string("mail/layout.html", {**context, "body": mark_safe(letter.body_html),
                                                 "footer": mark_safe(letter.footer_html)})
    return text.strip() + "\n", html


def render(template, context, language=None):
    """Subject, plain text and HTML of templates/mail/<template>.subject.txt and <template>.html, in the reader's
    `language` (or the context's `mail_language`; one the site no longer speaks gives the default), else in the
    language active now."""
    language = language or context.get("mail_language")
    if not language:
        return _render(template, context)
    with translation.override(languages.choose(language)):
        return _render(template, context)


def _render(template, context):
    context = base_context(context)
    subject = " ".join(render_to_string(f"mail/{template}.subject.txt", context).split())
    return subject, *compose(render_to_string(f"mail/{template}.html", context), {**context, "subject": subject})
