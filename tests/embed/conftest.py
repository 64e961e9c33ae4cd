"""A petition with one partner site on the allow-list, and a way to sign from a page as a browser would."""

import json

import pytest

from clarion.petitions.models import PetitionPartner

PARTNER = "https://partner.example"
OPT_IN = "Yes, Partner Aid may e-mail me about its work for refugees."
# Slower than the quickest human: what the widget reports as the fill time.
HUMAN_ELAPSED_MS = "8000"


@pytest.fixture
def partner(petition):
    return PetitionPartner.objects.create(petition=petition, name="Partner Aid", origin=PARTNER,
                                          opt_in_text=OPT_IN, privacy_url="https://partner.example/privacy")


def body(**overrides):
    data = {"name": "Miriam Rezaei", "email": "miriam@example.org", "country": "DE", "postal_code": "",
            "comment": "", "website": "", "elapsed": HUMAN_ELAPSED_MS}
    return {key: value for key, value in (data | overrides).items() if value is not None}


def sign_from(client, petition, origin=PARTNER, data=None, ip="198.51.100.20", **headers):
    """POST the widget's JSON from a page on `origin` (None: no Origin header); the unfollowed response."""
    if origin is not None:
        headers["HTTP_ORIGIN"] = origin
    payload = json.dumps(body() if data is None else data)
    return client.post(f"/embed/petitions/{petition.pk}/sign/", payload, content_type="application/json",
                       REMOTE_ADDR=ip, **headers)
