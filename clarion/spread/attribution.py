"""Where a signer came from: referral code, channel and utm_* parameters, cleaned from untrusted input.

Anything malformed is dropped without a word: attribution is a nicety, never a reason to refuse a signature.
"""

import re
from dataclasses import dataclass, field

from clarion.supporters.models import REFERRAL_ALPHABET

CHANNELS = ("email", "whatsapp", "telegram", "facebook", "x", "copy", "share", "invite", "alert")
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
FIELDS = ("ref", "src", *UTM_KEYS)
UTM_MAX = 100
_REFERRAL_CODE = re.compile(rf"^[{REFERRAL_ALPHABET}]{{6,16}}$")


@dataclass
class Attribution:
    referral_code: str = ""
    channel: str = ""
    first_touch: dict = field(default_factory=dict)

    def as_kwargs(self):
        """Keyword arguments for petitions.actions.sign_petition."""
        return {"referral_code": self.referral_code, "channel": self.channel, "first_touch": self.first_touch}

    def as_fields(self):
        """The cleaned values under their form/query names, for hidden inputs."""
        return {"ref": self.referral_code, "src": self.channel, **self.first_touch}


def clean_referral_code(value):
    value = (value or "").strip()
    return value if _REFERRAL_CODE.match(value) else ""


def clean_channel(value):
    value = (value or "").strip().lower()
    return value if value in CHANNELS else ""


def clean_utm(value):
    value = " ".join((value or "").split())
    return value if value and len(value) <= UTM_MAX and value.isprintable() else ""


def read_attribution(params):
    """An Attribution from a QueryDict (request.POST or request.GET) or any mapping of strings."""
    first_touch = {key: clean_utm(params.get(key)) for key in UTM_KEYS}
    return Attribution(
        referral_code=clean_referral_code(params.get("ref")),
        channel=clean_channel(params.get("src")),
        first_touch={key: value for key, value in first_touch.items() if value},
    )


def signing_kwargs(post):
    """What a signing post says about where the signer came from, for petitions.actions.sign_petition."""
    return read_attribution(post).as_kwargs()
