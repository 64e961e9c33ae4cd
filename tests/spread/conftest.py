"""A confirmed signer on the test petition, and the ways they share it and invite friends."""

import pytest

from clarion.petitions import actions, tokens
from clarion.spread import tokens as spread_tokens
from tests.petitions.conftest import make_petition, petition  # noqa: F401  (the same open petition fixture)

FRIEND_IP = "198.51.100.77"


def signed(petition, email, **fields):
    fields = {"name": "Miriam Rezaei", "country": "DE", "elapsed_ms": 8000} | fields
    return actions.sign_petition(petition, email=email, **fields).signature


def confirmed(petition, email, **fields):
    signature = signed(petition, email, **fields)
    actions.confirm_signature(tokens.confirmation_token(signature))
    signature.refresh_from_db()
    return signature


@pytest.fixture
def signer(petition):
    """Miriam, whose signature on the petition is confirmed."""
    return confirmed(petition, "miriam@example.org")


def invite_url(signature):
    return f"/spread/invite/{spread_tokens.signer_token(signature)}/"


def invite(client, signature, friends, note="", ip=FRIEND_IP, **extra):
    """Post the thank-you page's invitation form: `friends` is a list of (name, e-mail)."""
    data = {"friend_name": [name for name, _ in friends], "friend_email": [email for _, email in friends],
            "note": note}
    return client.post(invite_url(signature), data, REMOTE_ADDR=ip, **extra)


def friends(count, domain="example.net"):
    return [(f"Friend{n}", f"friend{n}@{domain}") for n in range(count)]


__all__ = ["confirmed", "friends", "invite", "invite_url", "make_petition", "petition", "signed"]
