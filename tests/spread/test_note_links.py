"""Pete the spammer tries to get a link of his into invitations the organisation mails to strangers: in the note or
in a friend's name, spelled with full-width letters, look-alike letters, odd dots, hidden characters or defanged.
Whatever he writes, the form refuses it with a clear message, or keeps nothing a mail client would make a link of;
Miriam's ordinary notes go through untouched."""

import re
import string
import unicodedata

import idna
import pytest
from django.utils.datastructures import MultiValueDict
from hypothesis import given, settings
from hypothesis import strategies as st

from clarion.spread.forms import InviteForm
from tests.spread.conftest import invite

# A mail client's link finder, modelled broadly and apart from the code under test: host names are read the
# way IDNA reads them (UTS 46 folds full-width forms, case and the ideographic dots), invisible characters are
# ignored, and a host is any dotted name ending in two or more letters of any script.
LINK = re.compile(
    r"[a-z][a-z0-9+.\-]*://|\b(?:mailto|tel|sms|data|javascript):|\bwww\."
    r"|(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d])"
    r"|(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:xn--[a-z0-9-]+|[^\W\d_]{2,})",
    re.IGNORECASE,
)
# What a reader would copy into a browser although no client links it.
DEFANGED = re.compile(r"hxxps?|[\[({]\s*(?:\.|dot)\s*[\])}]", re.IGNORECASE)


def _as_a_host_reads(character):
    if unicodedata.category(character) == "Cf":
        return ""
    try:
        return idna.uts46_remap(character, std3_rules=False, transitional=False)
    except idna.IDNAError:
        return character


def mail_client_links(text):
    return LINK.findall("".join(map(_as_a_host_reads, text))) + DEFANGED.findall(text)


def posted(note="", name="Kaveh"):
    return InviteForm(MultiValueDict({"note": [note], "friend_email": ["kaveh@example.net"], "friend_name": [name]}))


def note_kept(note):
    """The note as the form would store and mail it, or None when the form refuses it."""
    form = posted(note=note)
    return form.cleaned_data["note"] if form.is_valid() else None


def name_kept(name):
    form = posted(name=name)
    return form.cleaned_data["invitees"][0][0] if form.is_valid() else None


DOTS = [".", "\uff0e", "\u3002", "\uff61", "\u2024", "\ufe52"]
HIDDEN = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202e", "\u2066", "\u0301"]
LOOKALIKES = str.maketrans("aeopcxiy", "аеорсхіу")  # Cyrillic letters that look Latin
TLDS = ["com", "org", "net", "io", "co", "info", "app", "onion", "рф", "xn--p1ai", "中国", "example"]

label = st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=8).filter(
    lambda text: text[0] != "-" and text[-1] != "-")
host = st.builds(lambda labels, tld, dot: dot.join([*labels, tld]), st.lists(label, min_size=1, max_size=3),
                 st.sampled_from(TLDS), st.sampled_from(DOTS))
ipv4 = st.builds(lambda parts, dot: dot.join(map(str, parts)), st.lists(st.integers(0, 255), min_size=4, max_size=4),
                 st.sampled_from(DOTS))
defanged = st.builds(lambda name, tld, dot: f"{name}{dot}{tld}", label, st.sampled_from(TLDS),
                     st.sampled_from(["[.]", "(.)", "{.}", "[dot]", "(dot)", " [ . ] "]))
link = st.builds(
    lambda scheme, where, path: scheme + where + path,
    st.sampled_from(["", "", "http://", "https://", "HTTPS://", "ftp://", "hxxp://", "hxxps://", "h**p://", "//",
                     "www.", "mailto:x@", "http://user@"]),
    st.one_of(host, ipv4, defanged, st.sampled_from(["[::1]", "[2001:db8::1]", "[::ffff:203.0.113.9]"])),
    st.sampled_from(["", "/", "/x", "/sign?ref=1&src=a", ":8080/a", "#top", "/%E2%80%AE"]),
)


@st.composite
def disguised(draw, text):
    """`text` as a spammer would dress it: full-width, look-alike letters, capitals, hidden characters."""
    if draw(st.booleans()):
        text = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and draw(st.booleans()) else c for c in text)
    if draw(st.booleans()):
        text = text.translate(LOOKALIKES)
    if draw(st.booleans()):
        text = text.upper()
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(HIDDEN)) + text[at:]
    return text


words = st.one_of(st.text(string.ascii_letters + "آبپتثجچ", min_size=1, max_size=10), st.text(max_size=20))
adversarial = st.builds(lambda before, bait, after: f"{before} {bait} {after}", words,
                        link.flatmap(disguised), words)


@settings(max_examples=400, deadline=None)
@given(adversarial)
def test_no_note_gets_a_link_into_an_invitation(note):
    kept = note_kept(note)

    assert kept is None or mail_client_links(kept) == [], (note, kept)


@settings(max_examples=200, deadline=None)
@given(link.flatmap(disguised))
def test_no_friends_name_gets_a_link_into_an_invitation(name):
    kept = name_kept(name[:120])

    assert kept is None or mail_client_links(kept) == [], (name, kept)


# Ordinary sentences: letters without "w", "h", "x" or "p" (so no "www" or "http" by chance), numbers with
# decimals, abbreviations with dots, punctuation followed by a space.
plain_word = st.one_of(st.text("abcdefgijklmnoqrsuvyzABCDEFGIJ" + "آبتثجچ" + "é", min_size=1, max_size=9),
                       st.sampled_from(["3.5", "1,200", "e.g.", "i.e.", "U.S.", "10:30", "50%", "#1", "d'abord"]))
ordinary = st.builds(lambda parts, ends: "".join(w + e for w, e in zip(parts, ends, strict=False)),
                     st.lists(plain_word, min_size=1, max_size=12),
                     st.lists(st.sampled_from([" ", ", ", ". ", "! ", "? ", "\n", " – ", ": "]), min_size=12,
                              max_size=12))


@settings(max_examples=200, deadline=None)
@given(ordinary)
def test_ordinary_notes_go_through_with_every_word(note):
    kept = note_kept(note[:300])

    assert kept is not None and kept.split() == unicodedata.normalize("NFKC", note[:300]).split()


def test_the_mail_client_model_finds_what_clients_link():
    for text in ("example.com", "ｅｘａｍｐｌｅ．ｃｏｍ", "203.0.113.9/x", "http://[::1]", "exаmple.com",
                 "example。com", "пример.рф", "www.x", "hxxp://evil", "example[.]com"):
        assert mail_client_links(text), text
    assert mail_client_links("Please sign, it matters: 3.5 million people, e.g. my family.") == []


@pytest.mark.django_db
@pytest.mark.parametrize("note", ["See 203.0.113.9/x", "http://[::1]/sign", "ｅｘａｍｐｌｅ．ｃｏｍ", "hxxp://evil",
                                  "visit example[.]com", "exаmple.com", "sign now at пример.рф"])
def test_a_link_like_note_is_refused_with_a_clear_message_and_the_form_kept(client, signer, note):
    response = invite(client, signer, [("Kaveh", "kaveh@example.net")], note=note)

    assert response.status_code == 400
    page = response.content.decode()
    assert "A note can’t contain a web or e-mail address, or anything that looks like one" in page
    assert 'value="kaveh@example.net"' in page and "Kaveh" in page  # what she typed is still there
    assert not signer.supporter.invitations_sent.exists()


@pytest.mark.django_db
def test_a_friends_name_that_is_a_link_is_refused(client, signer):
    response = invite(client, signer, [("www.cheap-pills.example", "kaveh@example.net")])

    assert response.status_code == 400
    assert "looks like a web address. Give just your friend’s first name." in response.content.decode()


@pytest.mark.django_db
def test_a_signer_whose_own_name_is_a_link_cannot_send_invitations(client, petition):
    from tests.spread.conftest import confirmed

    spammer = confirmed(petition, "spam@example.org", name="cheap-pills.example Sales")

    response = invite(client, spammer, [("Kaveh", "kaveh@example.net")])

    assert response.status_code == 400
    assert "The name you signed with looks like a web address" in response.content.decode()
    assert not spammer.supporter.invitations_sent.exists()
