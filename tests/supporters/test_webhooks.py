"""Our ESP (here Postmark, through django-anymail) tells us an address bounced or complained: we stop mailing it.
A post without the shared secret changes nothing."""

import base64
import json

import pytest

from clarion.supporters.models import Consent, Supporter
from tests.supporters.conftest import subscriber

pytestmark = pytest.mark.django_db

WEBHOOK = "/supporters/webhooks/anymail/postmark/tracking/"
SECRET = "postmark:a-long-shared-secret"


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def postmark_bounce(email, kind="HardBounce", record_type="Bounce"):
    """A Postmark bounce webhook body, as in Postmark's documentation."""
    return {
        "RecordType": record_type, "ID": 4323372036854775807, "Type": kind, "TypeCode": 1, "Name": "Hard bounce",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483", "ServerID": 23, "MessageStream": "outbound",
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email, "From": "campaigns@example.org", "BouncedAt": "2026-11-05T16:33:54.9070259Z",
        "DumpAvailable": False, "Inactive": True, "CanActivate": True, "Subject": "Dear Friend",
    }


def post(client, body, credentials=SECRET):
    headers = {}
    if credentials:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(credentials.encode()).decode()
    return client.post(WEBHOOK, json.dumps(body), content_type="application/json", **headers)


def test_a_hard_bounce_marks_the_address_undeliverable(client):
    kaveh = subscriber("Kaveh.Tehrani@gmail.com")

    answer = post(client, postmark_bounce("kaveh.tehrani@gmail.com"))

    assert answer.status_code == 200
    kaveh.refresh_from_db()
    assert kaveh.undeliverable_at is not None and "Postmark bounced" in kaveh.undeliverable_reason
    assert kaveh.subscribed and not Supporter.objects.mailable().exists()


@pytest.mark.parametrize("variant", ["kaveh.tehrani+x@gmail.com", "kavehtehrani@gmail.com"])
def test_a_bounce_of_a_variant_someone_else_typed_decides_nothing_for_the_owner(client, variant):
    """A stranger signs as a variant of Kaveh's address that canonicalises to his (a +tag his provider may not
    know): our confirmation to it bounces. Mail to Kaveh's own address was never refused."""
    kaveh = subscriber("Kaveh.Tehrani@gmail.com")

    for kind, record_type in [("HardBounce", "Bounce"), ("SpamComplaint", "SpamComplaint")]:
        assert post(client, postmark_bounce(variant, kind=kind, record_type=record_type)).status_code == 200

    kaveh.refresh_from_db()
    assert kaveh.undeliverable_at is None and kaveh.subscribed


def test_a_spam_complaint_also_unsubscribes(client):
    kaveh = subscriber()

    post(client, postmark_bounce("kaveh@example.org", kind="SpamComplaint", record_type="SpamComplaint"))

    kaveh.refresh_from_db()
    assert kaveh.undeliverable_at is not None and not kaveh.subscribed
    assert Consent.objects.filter(supporter=kaveh).latest("pk").channel == "complaint"


def test_a_delivery_report_changes_nothing(client):
    subscriber()

    answer = post(client, {"RecordType": "Delivery", "Recipient": "kaveh@example.org", "MessageID": "x",
                           "DeliveredAt": "2026-11-05T16:33:54Z", "Details": "Test"})

    assert answer.status_code == 200
    assert Supporter.objects.mailable().count() == 1


@pytest.mark.parametrize("credentials", ["postmark:wrong-secret", "", "postmark"])
def test_a_post_without_the_right_secret_is_refused_and_changes_nothing(client, credentials):
    subscriber()

    answer = post(client, postmark_bounce("kaveh@example.org"), credentials=credentials)

    assert 400 <= answer.status_code < 500
    assert Supporter.objects.mailable().count() == 1


def test_without_a_configured_secret_the_webhook_stays_shut(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    subscriber()

    answer = post(client, postmark_bounce("kaveh@example.org"), credentials="")

    assert answer.status_code == 403
    assert Supporter.objects.mailable().count() == 1


def test_a_bounce_for_an_unknown_address_is_accepted_and_ignored(client):
    assert post(client, postmark_bounce("stranger@example.org")).status_code == 200
    assert not Supporter.objects.exists()
