"""The ways a signer shares the petition and invites friends (the petition and Miriam, its confirmed signer, are
shared fixtures: tests/fixtures/campaign.py)."""

from datetime import timedelta

from django.utils import timezone

from clarion.pages.models import HomePage
from clarion.petitions.models import PetitionPage
from clarion.spread import tokens as spread_tokens
from clarion.spread.models import Invitation, InvitationState
from clarion.spread.sending import send_pending_invitations
from tests.factories import publish
from tests.petitions.conftest import confirmed, signed

FRIEND_IP = "198.51.100.77"


def another_petition():
    """A second open petition on the same site."""
    return publish(HomePage.objects.get(), PetitionPage(
        title="Free the Tamsin Valley lawyers", slug="lawyers", target_name="Oren Vale",
        demand="Release the camp's lawyers.", closes_at=timezone.now() + timedelta(days=15)))


def invite_url(signature):
    return f"/spread/invite/{spread_tokens.signer_token(signature)}/"


def invite(client, signature, friends, note="", ip=FRIEND_IP, **extra):
    """Post the thank-you page's invitation form: `friends` is a list of (name, e-mail)."""
    data = {"friend_name": [name for name, _ in friends], "friend_email": [email for _, email in friends],
            "note": note}
    return client.post(invite_url(signature), data, REMOTE_ADDR=ip, **extra)


def friends(count, domain="example.net"):
    return [(f"Friend{n}", f"friend{n}@{domain}") for n in range(count)]


def send_invitations():
    """What the sending task does after each request: mail the recorded invitations that may be mailed."""
    return send_pending_invitations()


def mailed():
    return Invitation.objects.filter(state=InvitationState.MAILED)


__all__ = ["confirmed", "friends", "invite", "invite_url", "another_petition", "mailed",
           "send_invitations", "signed"]
