"""Private links to a pack for its target: signed, naming one pack, and expiring (nothing to guess, nothing kept)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "clarion.delivery.pack-link"
LINK_DAYS = 30


def pack_token(pack):
    return signing.dumps({"p": pack.pk}, salt=SALT, compress=True)


def read_pack_token(token):
    """The pack id a link names; raises signing.BadSignature (or SignatureExpired) when it is not ours or old."""
    return int(signing.loads(token, salt=SALT, max_age=LINK_DAYS * 86400)["p"])


def pack_link(pack):
    return settings.CLARION_BASE_URL.rstrip("/") + reverse("delivery:pack", args=[pack_token(pack)])
