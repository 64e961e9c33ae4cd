"""Share links: the petition's address with the signer's referral code and the channel, per network."""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils.translation import gettext as _


def petition_link(petition):
    """The petition's absolute address, as e-mails and share links use it; a translation the site cannot route
    to (no home in its language) links to the page that counts."""
    return settings.CLARION_BASE_URL + (petition.url or petition.counting_petition.url or "/")


def share_url(petition, supporter, channel):
    """`<petition>?ref=<code>&src=<channel>`; without a supporter, just the channel."""
    params = {"ref": supporter.referral_code} if supporter else {}
    return f"{petition_link(petition)}?{urlencode(params | {'src': channel})}"


def share_text(petition):
    return _("Please sign: %(title)s") % {"title": petition.title}


def share_links(petition, supporter):
    """One plain link per network, each carrying its own channel; no script of theirs, no pixel, no cookie."""
    text = share_text(petition)

    def url(channel):
        return quote(share_url(petition, supporter, channel), safe="")

    return [
        {"channel": "email", "label": _("E-mail"),
         "href": f"mailto:?subject={quote(petition.title)}&body={quote(text)}%0A%0A{url('email')}"},
        {"channel": "whatsapp", "label": "WhatsApp", "href": f"https://wa.me/?text={quote(text)}%20{url('whatsapp')}"},
        {"channel": "telegram", "label": "Telegram",
         "href": f"https://t.me/share/url?url={url('telegram')}&text={quote(text)}"},
        {"channel": "facebook", "label": "Facebook",
         "href": f"https://www.facebook.com/sharer/sharer.php?u={url('facebook')}"},
        {"channel": "x", "label": "X", "href": f"https://x.com/intent/post?url={url('x')}&text={quote(text)}"},
    ]


def anonymous_share_context(petition):
    """The share step of the thank-you page that names no signer: links that recruit for nobody in particular."""
    return {"share_links": share_links(petition, None), "copy_url": share_url(petition, None, "copy"),
            "native_url": share_url(petition, None, "share")}
