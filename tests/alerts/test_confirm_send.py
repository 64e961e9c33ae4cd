"""One click never mails everyone: "Send now" first states how many supporters will receive the mailing, counted
as sending counts them, and sends only when the organiser confirms that number (or one close to it)."""

import re

from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from clarion.alerts.models import Delivery, DeliveryStatus, Mailing, MailingStatus
from tests.alerts.conftest import act, composed, confirmed_recipients, create_segment, make_supporters


def _nothing_sent(mailing, enqueued):
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DRAFT
    assert not Delivery.objects.filter(mailing=mailing).exists()
    assert [r for r in enqueued if r.task.name == "send_mailing"] == []


def test_a_send_without_confirmation_sends_nothing_and_asks(staff, petition, enqueued,
                                                             django_capture_on_commit_callbacks):
    make_supporters(4)
    mailing = composed(staff, create_segment(staff), petition)

    looked = staff.get(reverse("alerts_mailings:confirm_send", args=[mailing.pk]))
    assert looked.status_code == 200
    _nothing_sent(mailing, enqueued)
    for stray in ({}, {"recipients": ""}, {"recipients": "all"}, {"recipients": "-1"}):
        answer = act(staff, mailing, "send", django_capture_on_commit_callbacks, **stray)
        assert answer.status_code == 400
        page = answer.content.decode()
        assert "Nothing was sent: confirm the number of recipients first." in page
        assert "to 4 supporters now?" in page
        _nothing_sent(mailing, enqueued)


def test_the_confirmation_states_the_number_sending_reaches(staff, petition, enqueued,
                                                            django_capture_on_commit_callbacks):
    people = make_supporters(1234)
    make_supporters(3, prefix="gone", subscribed=False)
    earlier = composed(staff, create_segment(staff), petition, subject="Yesterday's alert")
    Mailing.objects.filter(pk=earlier.pk).update(status=MailingStatus.SENT)
    Delivery.objects.create(mailing=earlier, supporter=people[0], status=DeliveryStatus.SENT,
                            sent_at=timezone.now())  # inside the daily frequency cap: left out this time
    mailing = composed(staff, earlier.segment, petition, subject="Four days left")

    page, recipients = confirmed_recipients(staff, mailing)

    text = page.content.decode()
    assert recipients == 1233
    assert "Send “Four days left” to 1,233 supporters now?" in text
    assert "1 more supporter in the segment was mailed too recently" in text
    assert "Yes, send to 1,233 supporters" in text
    _nothing_sent(mailing, enqueued)
    sent = act(staff, mailing, "send", django_capture_on_commit_callbacks, recipients=recipients)
    assert sent.status_code == 302
    mailing.refresh_from_db()
    assert (mailing.status, mailing.recipients_count) == (MailingStatus.SENDING, recipients)
    assert Delivery.objects.filter(mailing=mailing).count() == recipients
    assert [r.args for r in enqueued if r.task.name == "send_mailing"]
    [entry] = ModelLogEntry.objects.filter(action="clarion.alerts.send")
    assert (entry.user.username, entry.object_id, entry.data["recipients"]) == ("staff", str(mailing.pk), 1233)


def test_a_count_that_changed_since_confirming_is_shown_again_instead_of_sent(
        staff, petition, enqueued, settings, django_capture_on_commit_callbacks):
    settings.CLARION_ALERTS_CONFIRM_MARGIN = 10
    make_supporters(20)
    mailing = composed(staff, create_segment(staff), petition)
    _page, seen = confirmed_recipients(staff, mailing)
    make_supporters(5, prefix="newcomer")  # signed up while the organiser read the confirmation

    answer = act(staff, mailing, "send", django_capture_on_commit_callbacks, recipients=seen)

    assert answer.status_code == 409
    page = answer.content.decode()
    assert "The number of recipients changed from 20 to 25; nothing was sent." in page
    assert "to 25 supporters now?" in page and 'name="recipients" value="25"' in page
    _nothing_sent(mailing, enqueued)

    make_supporters(1, prefix="late")  # within the margin of the number now confirmed: sent
    assert act(staff, mailing, "send", django_capture_on_commit_callbacks, recipients=25).status_code == 302
    assert Delivery.objects.filter(mailing=mailing).count() == 26


def test_a_mailing_that_cannot_be_sent_says_why_instead_of_asking(staff, petition):
    mailing = composed(staff, None, petition)

    answer = staff.get(reverse("alerts_mailings:confirm_send", args=[mailing.pk]))

    assert answer.status_code == 400
    assert "Choose a segment to send to first." in answer.content.decode()
    assert 'name="recipients"' not in answer.content.decode()


def test_scheduling_asks_first_and_names_the_time_and_the_audience(staff, petition, enqueued,
                                                                   django_capture_on_commit_callbacks):
    make_supporters(5)
    mailing = composed(staff, create_segment(staff), petition, subject="Decision day")
    when = timezone.localtime() + timezone.timedelta(days=1)

    asked = act(staff, mailing, "schedule", django_capture_on_commit_callbacks, send_at=when.strftime("%Y-%m-%dT%H:%M"))

    text = asked.content.decode()
    assert asked.status_code == 200
    assert "Schedule “Decision day” for" in text and "who can be mailed then: 5 supporters today" in text
    _nothing_sent(mailing, enqueued)
    sent_on = re.search(r'name="send_at" value="([^"]+)"', text)[1]
    done = act(staff, mailing, "schedule", django_capture_on_commit_callbacks, send_at=sent_on, recipients=5)
    assert done.status_code == 302
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SCHEDULED
    assert timezone.localtime(mailing.scheduled_at).strftime("%Y-%m-%d %H:%M") == when.strftime("%Y-%m-%d %H:%M")


def test_a_schedule_in_the_past_is_refused_before_anything_is_asked(staff, petition, enqueued,
                                                                    django_capture_on_commit_callbacks):
    make_supporters(2)
    mailing = composed(staff, create_segment(staff), petition)
    past = timezone.localtime() - timezone.timedelta(hours=1)
    answer = act(staff, mailing, "schedule", django_capture_on_commit_callbacks,
                 send_at=past.strftime("%Y-%m-%dT%H:%M"))
    assert answer.status_code == 400
    assert "Choose a time in the future, or send now." in answer.content.decode()
    _nothing_sent(mailing, enqueued)


def test_the_confirmation_warns_when_the_mail_would_carry_no_postal_address(staff, petition, settings):
    from clarion.organisation import identity

    make_supporters(2)
    mailing = composed(staff, create_segment(staff), petition)
    settings.CLARION_POSTAL_ADDRESS = ""
    identity.forget()
    page, _ = confirmed_recipients(staff, mailing)
    assert "gives no postal address" in page.content.decode()

    settings.CLARION_POSTAL_ADDRESS = "1 Example Street, 10115 Berlin"
    identity.forget()
    page, _ = confirmed_recipients(staff, mailing)
    assert "gives no postal address" not in page.content.decode()
