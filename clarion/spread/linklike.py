"""What in a friend's note or name a mail client, or a reader, would take for a link.

An invitation goes from the organisation's address to people who never asked for it, so its free text must
not carry a link of the inviter's: refused with a clear message, never quietly cut out. Text is read as a
mail client reads a host name: compatibility forms folded (NFKC: full-width letters and dots), the
ideographic full stop taken as a dot (IDNA does), invisible characters dropped. Refusing is deliberately
broader than any one client: a word, a dot and two characters not starting with a digit make a host name.
"""

import re
import unicodedata

# Bidirectional embeddings, overrides and isolates: nothing a plain note needs, and they can disguise text.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
# NFKC leaves the ideographic full stop (and turns the half-width one into it); IDNA reads it as a dot.
_IDEOGRAPHIC_DOTS = str.maketrans({"\u3002": "."})

_DOTTED = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_FOUR_NUMBERS = re.compile(r"\d+(?:\.\d+){3}")
_PATTERNS = re.compile("|".join([
    r"\w:\s*[/\\]",  # any scheme with slashes, in any letters: http://, hxxp:/, httрs://, file:\
    r"\b(?:mailto|tel|sms|callto|data|javascript|vbscript|file|magnet|bitcoin|xmpp|skype|sips?|news|nntp"
    r"|ircs?|geo|matrix|tg|whatsapp|facetime|market|intent|web\+\w+)\s*:",  # schemes used without slashes
    r"\bh[tx*]{2}ps?\b",  # http, https and their defanged spellings (hxxp, h**ps)
    r"\bwww\d*\b",
    r"[\[({<]\s*(?:\.|dot|punkt|point|punto)\s*[\])}>]",  # example[.]com, example(dot)com
    r"\[[0-9a-f:.]*:[0-9a-f:.]*\]",  # a bracketed IPv6 address: [::1]
]), re.IGNORECASE)


def normalise(text):
    """The text as it will be stored and mailed: NFKC, without bidirectional controls."""
    return unicodedata.normalize("NFKC", text).translate(_BIDI_CONTROLS)


def skeleton(text):
    """The text as a link finder sees it: normalised, every dot a dot, no invisible or combining marks."""
    text = normalise(text).translate(_IDEOGRAPHIC_DOTS)
    return "".join(ch for ch in text if unicodedata.category(ch) not in {"Cf", "Mn", "Me"})


def _host_like(run):
    if _FOUR_NUMBERS.search(run):
        return True  # 203.0.113.9, also inside a longer run; not 3.5 or 1.2.3
    # A top-level domain has two or more characters and does not start with a digit ("e.g.", "3.5m" pass); any
    # label after the first may end a host name, as a link finder may stop there ("1.aa" in "1.aa.1").
    return any(len(label) >= 2 and not label[0].isdecimal() for label in run.replace("-", "").split(".")[1:])


def _word_around(text, start, end):
    """The whole whitespace-delimited stretch holding text[start:end], for a message the writer recognises."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def find_link(text):
    """The first stretch of `text` that holds something link-like (as its skeleton spells it), or ""."""
    plain = skeleton(text)
    found = _PATTERNS.search(plain) or next(
        (run for run in _DOTTED.finditer(plain) if _host_like(run.group(0))), None)
    return _word_around(plain, *found.span()) if found else ""
