"""'Did you mean gmail.com?': a mistyped mail provider would send the confirmation link nowhere (or to
whoever registered the typo), so the form asks before signing instead of flagging the address quietly.

The list is small and built in; the form's script (static/clarion/js/email-suggest.js) reads the same list
from the e-mail field, so both sides suggest the same thing.
"""

# The providers most signers use, most used first: a tie goes to the earlier one.
COMMON_DOMAINS = (
    "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com", "live.com", "msn.com",
    "googlemail.com", "ymail.com", "me.com", "mac.com", "mail.com", "proton.me", "protonmail.com",
    "gmx.de", "gmx.net", "gmx.at", "web.de", "t-online.de", "posteo.de", "orange.fr", "free.fr", "laposte.net",
    "hotmail.co.uk", "hotmail.fr", "hotmail.de", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "btinternet.com",
    "mail.ru", "yandex.ru", "tutanota.com", "fastmail.com", "zoho.com", "comcast.net", "qq.com", "163.com",
    "126.com", "posteo.net", "riseup.net",
)
# Country endings that are usually a slip for .com rather than a country.
_SLIPS_OF_COM = frozenset({"co", "cm", "om"})
_KNOWN = frozenset(COMMON_DOMAINS)


def distance(a, b):
    """Edits between two strings: letters inserted, removed or changed, or two neighbours swapped."""
    previous, current = None, list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        before, previous, current = previous, current, [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other))
            if before is not None and j > 1 and letter == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
    return current[-1]


def _allowed(common):
    # Short names sit close to real ones (qq.com, me.com): one edit for them, two for longer names.
    return 1 if len(common) < 8 else 2


def _another_country(domain, common):
    """yahoo.ca, hotmail.es: the same provider in another country, a real address, not a typo."""
    name, _dot, ending = domain.rpartition(".")
    return name == common.rpartition(".")[0] and len(ending) == 2 and ending not in _SLIPS_OF_COM


def suggest_domain(domain):
    """The common provider `domain` is probably a typo of, or "" when it is one or is nothing like one."""
    domain = domain.strip().lower()
    if not domain or domain in _KNOWN:
        return ""
    best, best_distance = "", 3
    for common in COMMON_DOMAINS:
        edits = distance(domain, common)
        if edits <= _allowed(common) and edits < best_distance and not _another_country(domain, common):
            best, best_distance = common, edits
    return best


def suggest_address(email):
    """The address with its domain corrected, or "" when there is nothing to suggest."""
    local, _at, domain = email.strip().rpartition("@")
    suggestion = suggest_domain(domain) if local else ""
    return f"{local}@{suggestion}" if suggestion else ""
