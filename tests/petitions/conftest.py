"""A petition to sign, a supporter's way of signing it, and the outbox delivered to a real SMTP server."""

import re
from datetime import timedelta

from django.utils import timezone

from clarion.mail.delivery import deliver
from clarion.mail.models import OutboxMessage
from clarion.petitions import actions, tokens
from clarion.petitions.models import PetitionPage, PetitionSettings
from tests.factories import make_home, publish

CONFIRM_LINK = re.compile(r"\S*/petitions/confirm/[^/\s]+/")
# Slower than the quickest human: the form's script reports this many milliseconds of filling in.
HUMAN_ELAPSED_MS = "8000"


def make_petition(**fields):
    home = make_home()
    defaults = {
        "title": "Let the Tamsin Valley families stay", "slug": "petition", "target_name": "Oren Vale",
        "demand": "Cancel the return order for Tamsin Valley camp.", "goal": 1000,
        "closes_at": timezone.now() + timedelta(days=15),
    }
    return publish(home, PetitionPage(**(defaults | fields)))


def signed(petition, email, **fields):
    """A signature made through the signing action, as the form would (a human's fill time)."""
    fields = {"name": "Miriam Rezaei", "country": "DE", "elapsed_ms": 8000} | fields
    return actions.sign_petition(petition, email=email, **fields).signature


def confirmed(petition, email, **fields):
    """A signature made and confirmed through the actions, as following the e-mailed link does."""
    signature = signed(petition, email, **fields)
    actions.confirm_signature(tokens.confirmation_token(signature))
    signature.refresh_from_db()
    return signature


def change_settings(**values):
    """What an administrator does in Settings › Petition settings."""
    config = PetitionSettings.load()
    for name, value in values.items():
        setattr(config, name, value)
    config.save()
    return config


def form_data(**overrides):
    data = {"name": "Miriam Rezaei", "email": "miriam@example.org", "country": "DE", "postal_code": "",
            "comment": "", "website": "", "elapsed": HUMAN_ELAPSED_MS}
    return {key: value for key, value in (data | overrides).items() if value is not None}


def sign(client, petition, ip="198.51.100.20", forwarded_for=None, **fields):
    """Post the signing form as a browser would, from `ip`; returns the unfollowed response."""
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return client.post(petition.get_sign_url(), form_data(**fields), REMOTE_ADDR=ip, **headers)


def deliver_outbox():
    """Send every waiting outbox message through the configured backend, as the delivery task does."""
    pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).order_by("pk")
    for pk in list(pending.values_list("pk", flat=True)):
        deliver(pk)


def confirm_link(message):
    """The confirmation link in a received e-mail's plain-text part."""
    return CONFIRM_LINK.search(message.get_body(("plain",)).get_content()).group(0)


def link_path(link):
    return "/petitions/" + link.split("/petitions/", 1)[1]
