"""Miriam's mail client may show either part of a message: both come from one rendering of one template, so
they say the same words and carry the same links; the HTML part has a real button, and its language and
direction; an alert keeps its one-click unsubscribe and gains a button to the petition."""

import re
from html import unescape

import pytest
from django.utils import translation
from django.utils.html import strip_tags

from clarion.mail.letters import convert, render
from clarion.organisation.models import OrganisationSettings
from tests.alerts.conftest import composed, create_segment, make_supporters, send_now
from tests.petitions.conftest import confirm_link, deliver_outbox, sign

pytestmark = pytest.mark.django_db
URL = re.compile(r":?\s*https?://\S+")
# The bulletproof button: a table cell painted in the accent colour holding the link.
BUTTON = re.compile(r'<td align="center" bgcolor="#b3001b"[^>]*><a href="([^"]+)"[^>]*>([^<]+)</a></td>')


def parts(message):
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    return text, message.get_body(("html",)).get_content()


def visible_text(html):
    body = html.split("<body", 1)[1]
    body = re.sub(r'<div style="display:none[^"]*">.*?</div>', "", body, flags=re.S)  # the preheader
    return " ".join(unescape(strip_tags(body)).split())


def assert_same_words(text, html):
    """Every line of the plain text, links aside, is in what the HTML part shows."""
    shown = visible_text(html)
    for line in text.splitlines():
        words = URL.sub("", line).strip().lstrip("->").strip().rstrip(":")
        if words:
            assert words in shown, f"{words!r} is missing from the HTML part"


@pytest.fixture
def postal_address(petition):
    OrganisationSettings.objects.create(site=petition.get_site(), postal_address="12 Harbour Lane, Port Ellis")


def test_the_confirmation_mail_has_a_button_to_the_same_link_as_its_text(client, petition, smtp_server,
                                                                        postal_address):
    sign(client, petition, email="miriam@example.org")
    deliver_outbox()
    [message] = smtp_server.to("miriam@example.org")
    text, html = parts(message)

    [(href, label)] = BUTTON.findall(html)
    assert (unescape(href), label) == (confirm_link(message), "Confirm my signature")
    assert "Confirm my signature:\n" + confirm_link(message) in text
    assert '<html lang="en" dir="ltr">' in html and "max-width:600px" in html
    assert_same_words(text, html)
    assert "12 Harbour Lane, Port Ellis" in text.split("\n-- \n")[1] and "12 Harbour Lane, Port Ellis" in html


def test_the_thanks_mail_carries_the_same_sealed_links_in_both_parts(client, petition, smtp_server):
    sign(client, petition, email="miriam@example.org")
    deliver_outbox()
    client.get(confirm_link(smtp_server.messages[0]).split("testserver", 1)[-1])
    deliver_outbox()
    thanks = next(m for m in smtp_server.to("miriam@example.org") if m["Subject"].startswith("Thank you"))
    text, html = parts(thanks)

    links_in_text = set(re.findall(r"https?://\S+", text))
    links_in_html = {unescape(href) for href in re.findall(r'href="([^"]+)"', html)}
    assert links_in_text == links_in_html and any("/thanks/" in link for link in links_in_text)
    [(href, label)] = BUTTON.findall(html)
    assert label == "Invite friends by e-mail" and unescape(href).endswith("#invite")
    assert_same_words(text, html)


def test_an_alert_has_a_button_to_the_recipients_own_petition_link_and_keeps_one_click_unsubscribe(
        staff, petition, smtp_server, django_capture_on_commit_callbacks):
    [person] = make_supporters(1)
    send_now(staff, composed(staff, create_segment(staff), petition), django_capture_on_commit_callbacks)
    [message] = smtp_server.to(person.email)
    text, html = parts(message)

    own_link = f"{petition.full_url}?ref={person.referral_code}&src=alert"
    [(href, label)] = BUTTON.findall(html)
    assert (unescape(href), label) == (own_link, "Sign the petition")
    assert "Sign the petition:\n" + own_link in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    preferences = re.search(r"https?://\S+/supporters/preferences/\S+/", text).group(0)
    assert f'href="{preferences}"' in html
    assert_same_words(text, html)


def test_right_to_left_mail_says_so_and_mirrors_its_quotes(petition):
    with translation.override("fa"):
        _subject, text, html = render("supporters/confirm_signup", {
            "name": "Nasrin", "notice": "Yes, send me news.", "confirm_url": "/supporters/confirm/x/"})

    assert '<html lang="fa" dir="rtl">' in html
    assert "border-right:4px solid" in html and "border-left" not in html
    assert "> Yes, send me news." in text


def test_the_converter_escapes_what_the_text_part_shows_plainly():
    letter = convert('<p>Tom &amp; Jerry say &lt;hi&gt;<br/>twice</p><ul><li>one</li><li>two</li></ul>'
                     '<a class="button" href="https://example.org/?a=1&amp;b=2">Go</a>'
                     '<footer><p>Why: <a href="https://example.org/never">Stop</a></p></footer>')

    assert letter.body_text == "Tom & Jerry say <hi>\ntwice\n\n- one\n- two\n\nGo:\nhttps://example.org/?a=1&b=2"
    assert letter.footer_text == "Why: Stop: https://example.org/never"
    assert "Tom &amp; Jerry say &lt;hi&gt;<br>twice" in letter.body_html
    assert 'href="https://example.org/?a=1&amp;b=2"' in letter.body_html
    assert "never" not in letter.body_html and "never" in letter.footer_html
