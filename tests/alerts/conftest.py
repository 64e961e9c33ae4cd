"""Supporters to mail, the organiser's admin session, and sending run by the configured task worker."""

import re

import pytest
from django.urls import reverse

from clarion.alerts.models import Mailing, Segment
from clarion.core.emails import canonical_email
from clarion.supporters.models import Supporter
from tests.conftest import run_queued_tasks
from tests.petitions.conftest import make_petition

BODY = ('Dear {{ first_name|default:"Friend" }},\n\nThe return order is signed for Friday. '
        "Please sign and pass it on:\n{{ petition_link }}\n\nThank you.")


def make_supporters(count, prefix="supporter", subscribed=True, tags=(), **fields):
    """`count` opted-in supporters named "Given<n> Family", with their own referral codes."""
    people = [Supporter(email=f"{prefix}{n}@example.org", canonical_email=canonical_email(f"{prefix}{n}@example.org"),
                        name=f"Given{n} Family", subscribed=subscribed, country=fields.get("country", "DE"),
                        language=fields.get("language", "en")) for n in range(count)]
    Supporter.objects.bulk_create(people, batch_size=500)
    people = list(Supporter.objects.filter(email__startswith=prefix).order_by("pk"))
    for person in people if tags else ():
        person.tags.add(*tags)
    return people


@pytest.fixture
def petition(db):
    return make_petition()


def create_segment(client, **fields):
    """What the organiser does in Action alerts › Segments › Add."""
    data = {"name": "Everyone", "countries": [], "signed_petition": "", "not_signed_petition": "",
            "joined_after": "", "joined_before": "", "language": "", "tag": ""} | fields
    response = client.post(reverse("alerts_segments:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Segment.objects.get(name=data["name"])


def compose(client, segment, petition=None, **fields):
    """What the organiser does in Action alerts › Mailings › Add; returns the response (a redirect on success)."""
    data = {"subject": "{{ first_name|default:\"Friend\" }}, four days left", "preheader": "Sign before Friday",
            "body": BODY, "petition": petition.pk if petition else "", "segment": segment.pk if segment else "",
            **NO_VERSIONS}
    return client.post(reverse("alerts_mailings:add"), data | fields)


# The management form of the mailing's versions in other languages, with none added.
NO_VERSIONS = {"versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0", "versions-MIN_NUM_FORMS": "0",
               "versions-MAX_NUM_FORMS": "1000"}


def composed(client, segment, petition=None, **fields):
    response = compose(client, segment, petition, **fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Mailing.objects.latest("pk")


def act(client, mailing, action, capture, **data):
    """Press a button on the mailing's sending page; sending tasks are enqueued when the request commits."""
    with capture(execute=True):
        return client.post(reverse("alerts_mailings:send", args=[mailing.pk]), {"action": action, **data})


def confirmed_recipients(client, mailing):
    """Press "Send now": the confirmation page, and the number of recipients it asks the organiser to confirm."""
    page = client.get(reverse("alerts_mailings:confirm_send", args=[mailing.pk]))
    assert page.status_code == 200, page.content.decode()[:3000]
    return page, int(re.search(r'name="recipients" value="(\d+)"', page.content.decode())[1])


def confirm_and_send(client, mailing, capture):
    """Press "Send now", then confirm the number of recipients shown."""
    _page, recipients = confirmed_recipients(client, mailing)
    return act(client, mailing, "send", capture, recipients=recipients)


def send_now(client, mailing, capture):
    response = confirm_and_send(client, mailing, capture)
    assert response.status_code == 302, response.content.decode()[:3000]
    run_queued_tasks()
    mailing.refresh_from_db()
    return mailing
