"""The demo's slideshow, appeal article and module contents, built from one language's words (content.py or
content_fa.py, which share their names), so both languages have the same shape."""

from functools import partial

from wagtail.rich_text import RichText

from clarion.demo.content import VIDEO_URL


def link(page=None, url=""):
    """The value of a link block: a page on this site or an address elsewhere."""
    return {"page": page, "url": url}


def slides(words, images, petition, appeal):
    """One slide a picture; the first leads to the petition, the eighth (the crowd signing) to the appeal."""
    return [
        ("slide", {"image": image, "alt_text": alt, "caption": caption,
                   "link": link(petition) if n == 0 else link(appeal) if n == 7 else link()})
        for n, (image, (alt, caption)) in enumerate(zip(images, words.SLIDES, strict=True))
    ]


def appeal_body(words, petition, report, poster):
    return [
        *[("paragraph", RichText(p)) for p in words.APPEAL_PARAGRAPHS],
        ("quote", {"quote": words.APPEAL_QUOTE[0], "attribution": words.APPEAL_QUOTE[1]}),
        ("video", {"title": words.VIDEO_TITLE, "url": VIDEO_URL, "file": None, "poster": poster,
                   "caption": words.VIDEO_CAPTION}),
        ("paragraph", RichText(words.APPEAL_CLOSING)),
        ("petition", {"petition": petition, "show_form": True}),
        ("news_link", {"label": words.NEWS_LINK_LABEL, "page": report, "url": ""}),
    ]


def read_the_appeal(words, dated, appeal):
    return {"text": words.READ_THE_APPEAL, "link": link(appeal), "note": dated(words.CTA_NOTE)}


def sidebar(words, day, appeal, petition):
    dated = partial(words.dated, day=day)
    sign = {"text": words.SIGN_THE_PETITION, "link": link(petition), "note": words.SIGN_NOTE}
    return [("rich_text", RichText(dated(words.SIDEBAR_TEXT))), ("call_to_action", sign),
            ("call_to_action", read_the_appeal(words, dated, appeal))]


def offcanvas(words, day, appeal):
    dated = partial(words.dated, day=day)
    return [("rich_text", RichText(dated(words.OFFCANVAS_TEXT))),
            ("call_to_action", read_the_appeal(words, dated, appeal))]


def footer(words, pages):
    return [("rich_text", RichText(words.FOOTER_TEXT)),
            ("menu", {"links": [{"label": p.title, "page": p, "url": ""} for p in pages]})]


def signup(words):
    return [("newsletter_signup", {"heading": words.SIGNUP_TITLE, "intro": words.SIGNUP_INTRO,
                                   "notice": words.SIGNUP_NOTICE, "button_text": words.SIGNUP_BUTTON})]
