"""An organiser sends an action alert from the admin, and every supporter in the segment gets exactly one."""

from collections import Counter
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import reverse

from clarion.alerts.models import Delivery, DeliveryStatus, MailingStatus
from clarion.supporters.tokens import read_preferences_token
from tests.alerts.conftest import composed, create_segment, make_supporters, send_now


def _unsubscribes(message):
    """Whose one-click unsubscribe link the List-Unsubscribe header holds (their supporter id)."""
    url = message["List-Unsubscribe"].strip().strip("<>")
    assert url.startswith(settings.CLARION_BASE_URL + "/supporters/unsubscribe/")
    return read_preferences_token(url.rstrip("/").rsplit("/", 1)[1])[0]


def _plain(message):
    return message.get_body(("plain",)).get_content()


def test_organiser_sends_alert_to_a_thousand_supporters(staff, petition, smtp_server,
                                                         django_capture_on_commit_callbacks):
    people = make_supporters(1000, tags=())
    make_supporters(3, prefix="unsubscribed", subscribed=False)
    segment = create_segment(staff, name="Germany", countries=["DE"])
    mailing = composed(staff, segment, petition)

    mailing = send_now(staff, mailing, django_capture_on_commit_callbacks)

    assert mailing.status == MailingStatus.SENT
    received = Counter(message["To"] for message in smtp_server.messages)
    assert received == Counter({person.email: 1 for person in people})
    by_address = {message["To"]: message for message in smtp_server.messages}
    for person in people[:: 97]:
        message = by_address[person.email]
        text = _plain(message)
        assert text.startswith(f"Dear {person.first_name},")
        assert f"{petition.url}?ref={person.referral_code}&amp;src=alert" in message.get_body(("html",)).get_content()
        assert f"?ref={person.referral_code}&src=alert" in text
        assert message["Subject"] == f"{person.first_name}, four days left"
        assert _unsubscribes(message) == person.pk
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/supporters/preferences/" in text
    assert Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.SENT).count() == 1000


def test_one_click_unsubscribe_and_the_next_mailing_skips_that_address(staff, petition, smtp_server, settings,  # noqa: F811
                                                                         django_capture_on_commit_callbacks):
    settings.CLARION_ALERTS_FREQUENCY_CAP = 0
    people = make_supporters(4)
    segment = create_segment(staff)
    send_now(staff, composed(staff, segment, petition), django_capture_on_commit_callbacks)
    leaving = next(m for m in smtp_server.messages if m["To"] == people[2].email)
    target = leaving["List-Unsubscribe"].strip().strip("<>")

    # What a mail program does for RFC 8058: a POST without cookies, with this exact body.
    response = Client().post(urlsplit(target).path, "List-Unsubscribe=One-Click",
                             content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    smtp_server.messages.clear()

    send_now(staff, composed(staff, segment, petition, subject="Second alert"), django_capture_on_commit_callbacks)

    assert sorted(m["To"] for m in smtp_server.messages) == sorted(p.email for i, p in enumerate(people) if i != 2)


def test_frequency_cap_skips_someone_mailed_today(staff, petition, smtp_server, django_capture_on_commit_callbacks):
    early = make_supporters(2, prefix="early", tags=["volunteers"])
    others = make_supporters(3, prefix="other")
    send_now(staff, composed(staff, create_segment(staff, name="Volunteers", tag="volunteers"), petition),
             django_capture_on_commit_callbacks)
    smtp_server.messages.clear()

    mailing = send_now(staff, composed(staff, create_segment(staff, name="All"), petition),
                       django_capture_on_commit_callbacks)

    assert sorted(m["To"] for m in smtp_server.messages) == sorted(p.email for p in others)
    assert (mailing.recipients_count, mailing.skipped_count) == (3, 2)
    page = staff.get(reverse("alerts_mailings:send", args=[mailing.pk])).content.decode()
    assert "2 supporters in the segment were left out" in page
    assert not Delivery.objects.filter(mailing=mailing, supporter__in=early).exists()
