"""A small campaign for the read API: an open petition with confirmed signers from two countries, a
closed one, a draft (unpublished) one, and the appeal and news of the campaign site."""

import pytest

from clarion.petitions.counting import count_round
from tests.factories import build_campaign_site, publish
from tests.petitions.conftest import change_settings, confirmed, signed

# The attacker's marks: they must never come back from the API.
SIGNER_NAME = "Zebulon Quartermaine"
SIGNER_EMAIL = "zebulon.quartermaine@example.net"


def petition_under(parent, **fields):
    from datetime import timedelta

    from django.utils import timezone

    from clarion.petitions.models import PetitionPage

    defaults = {"title": "Let the Tamsin Valley families stay", "target_name": "Oren Vale",
                "target_title": "Director of Returns", "demand": "Cancel the return order.", "goal": 1000,
                "closes_at": timezone.now() + timedelta(days=15)}
    return publish(parent, PetitionPage(**(defaults | fields)))


@pytest.fixture
def campaign(db):
    """The site, three petitions and signatures counted by a counting round, as the periodic task does."""
    from types import SimpleNamespace

    from clarion.petitions.models import PetitionThreshold

    site = build_campaign_site(slide_count=2)
    change_settings(country_figures_minimum=2)
    open_petition = petition_under(site.home, slug="stay", social_image=site.images[0])
    PetitionThreshold.objects.create(petition=open_petition, count=2, message="Two of us already!")
    PetitionThreshold.objects.create(petition=open_petition, count=500, message="Halfway")
    for n in range(3):
        confirmed(open_petition, f"signer{n}@example.org", country="DE")
    confirmed(open_petition, SIGNER_EMAIL, name=SIGNER_NAME, country="IS", comment="My secret reason",
              postal_code="101")
    signed(open_petition, "unconfirmed@example.org", country="FR")  # never confirmed: never counted
    closed = petition_under(site.home, slug="closed", title="Free the river", target_name="Ada Moor",
                            state="closed")
    draft = petition_under(site.home, slug="draft", title="Secret draft petition")
    draft.unpublish()
    count_round()
    return SimpleNamespace(site=site, open=open_petition, closed=closed, draft=draft)
