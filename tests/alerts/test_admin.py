"""The organiser's side: refusals with clear messages, test mail, preview, live counts, pause/resume/cancel."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from clarion.alerts import actions
from clarion.alerts.models import Delivery, DeliveryStatus, Mailing, MailingStatus
from clarion.supporters.models import Supporter
from tests.alerts.conftest import act, compose, composed, confirm_and_send, create_segment, make_supporters
from tests.conftest import run_queued_tasks
from tests.petitions.conftest import deliver_outbox


def test_unknown_merge_field_is_refused_when_saving_naming_it(staff, petition):
    segment = create_segment(staff)
    response = compose(staff, segment, petition, body="Dear {{ firstname }},\n{{ petition_link|safe }}",
                       subject="{% include 'secret.html' %}")

    page = response.content.decode()
    assert response.status_code == 200 and not Mailing.objects.exists()
    assert "unknown merge field “firstname”" in page
    assert "filter “safe” is not allowed" in page
    assert "tag “{% include %}” is not allowed" in page


def test_sending_to_an_empty_segment_is_refused(staff, petition, django_capture_on_commit_callbacks):
    make_supporters(2, country="FR")
    mailing = composed(staff, create_segment(staff, name="Nobody", countries=["IR"]), petition)

    response = act(staff, mailing, "send", django_capture_on_commit_callbacks, recipients=0)

    assert response.status_code == 400
    assert "has no mailable supporters" in response.content.decode()
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DRAFT and not Delivery.objects.exists()


def test_organiser_sends_a_test_to_herself_and_previews_as_a_supporter(staff, petition, smtp_server,
                                                                       django_capture_on_commit_callbacks):
    people = make_supporters(3)
    mailing = composed(staff, create_segment(staff), petition)

    act(staff, mailing, "test", django_capture_on_commit_callbacks)
    deliver_outbox()
    (message,) = smtp_server.messages
    assert message["To"] == "staff@example.org" and message["Subject"].startswith("[Test] ")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    preview = staff.get(reverse("alerts_mailings:preview", args=[mailing.pk]), {"email": people[1].email})
    assert preview.status_code == 200
    assert "Dear Given1," in preview.content.decode()
    assert f"ref={people[1].referral_code}" in preview.content.decode()
    unknown = staff.get(reverse("alerts_mailings:preview", args=[mailing.pk]), {"email": "nobody@example.org"})
    assert unknown.status_code == 400 and "No supporter has the address" in unknown.content.decode()
    assert Mailing.objects.get().status == MailingStatus.DRAFT


def test_segment_count_is_live_while_editing_and_shown_in_the_listing(staff):
    make_supporters(3, prefix="de", country="DE")
    make_supporters(2, prefix="fr", country="FR", tags=["volunteers"])
    make_supporters(4, prefix="gone", subscribed=False)

    answer = staff.post(reverse("alerts_segments:count"), {"countries": ["FR", "DE"], "tag": ""})
    assert answer.json() == {"count": 5}
    assert staff.post(reverse("alerts_segments:count"), {"tag": "volunteers"}).json() == {"count": 2}
    assert staff.post(reverse("alerts_segments:count"), {"joined_after": "not a date"}).status_code == 400

    segment = create_segment(staff, name="French volunteers", countries=["FR"], tag="volunteers")
    edit = staff.get(reverse("alerts_segments:edit", args=[segment.pk])).content.decode()
    assert "data-segment-count" in edit and ">2</output>" in edit
    listing = staff.get(reverse("alerts_segments:index")).content.decode()
    assert "French volunteers" in listing and ">2<" in listing.replace(" ", "").replace("\n", "")


def test_pause_holds_sending_resume_finishes_it_and_cancel_stops_it(staff, petition, smtp_server,
                                                                   django_capture_on_commit_callbacks, settings):
    settings.CLARION_ALERTS_FREQUENCY_CAP = 0
    people = make_supporters(5)
    segment = create_segment(staff)
    mailing = composed(staff, segment, petition)
    confirm_and_send(staff, mailing, django_capture_on_commit_callbacks)

    assert act(staff, mailing, "pause", django_capture_on_commit_callbacks).status_code == 302
    run_queued_tasks()
    assert smtp_server.messages == []
    progress = staff.get(reverse("alerts_mailings:progress", args=[mailing.pk])).json()
    assert (progress["status"], progress["remaining"], progress["percent"]) == ("paused", 5, 0)

    act(staff, mailing, "resume", django_capture_on_commit_callbacks)
    run_queued_tasks()
    assert len(smtp_server.messages) == len(people)
    progress = staff.get(reverse("alerts_mailings:progress", args=[mailing.pk])).json()
    assert (progress["status"], progress["sent"], progress["percent"], progress["finished"]) == ("sent", 5, 100, True)
    assert act(staff, mailing, "pause", django_capture_on_commit_callbacks).status_code == 400

    smtp_server.messages.clear()
    second = composed(staff, segment, petition, subject="Cancelled one")
    confirm_and_send(staff, second, django_capture_on_commit_callbacks)
    act(staff, second, "cancel", django_capture_on_commit_callbacks)
    run_queued_tasks()
    assert smtp_server.messages == []
    assert set(second.deliveries.values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}
    assert act(staff, second, "resume", django_capture_on_commit_callbacks).status_code == 400


def test_a_scheduled_mailing_goes_out_when_due(staff, petition, smtp_server, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from clarion.alerts.actions import start_due_mailings

    make_supporters(2)
    mailing = composed(staff, create_segment(staff), petition)
    later = timezone.localtime() + timedelta(hours=1)
    asked = act(staff, mailing, "schedule", django_capture_on_commit_callbacks,
                send_at=later.strftime("%Y-%m-%dT%H:%M"))
    assert asked.status_code == 200 and "who can be mailed then: 2 supporters today" in asked.content.decode()
    assert Mailing.objects.get().status == MailingStatus.DRAFT  # one click schedules nothing
    response = act(staff, mailing, "schedule", django_capture_on_commit_callbacks,
                   send_at=later.strftime("%Y-%m-%d %H:%M:%S"), recipients=2)
    assert response.status_code == 302
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SCHEDULED
    with django_capture_on_commit_callbacks(execute=True):
        start_due_mailings()
    assert Mailing.objects.get().status == MailingStatus.SCHEDULED
    with django_capture_on_commit_callbacks(execute=True):
        start_due_mailings(now=timezone.now() + timedelta(hours=2))
    run_queued_tasks()
    assert len(smtp_server.messages) == 2
    assert Mailing.objects.get().status == MailingStatus.SENT
    assert act(staff, mailing, "send", django_capture_on_commit_callbacks, recipients=2).status_code == 400


def test_mailings_in_progress_lists_those_still_going_out_with_their_figures(staff, petition,
                                                                            django_capture_on_commit_callbacks):
    from clarion.alerts.progress import mailings_in_progress

    make_supporters(3)
    segment = create_segment(staff)
    going = composed(staff, segment, petition, subject="Going")
    confirm_and_send(staff, going, django_capture_on_commit_callbacks)
    composed(staff, segment, petition, subject="Still a draft")

    [(mailing, progress)] = mailings_in_progress()

    assert mailing == going
    assert (progress["sent"], progress["total"], progress["remaining"], progress["finished"]) == (0, 3, 3, False)
    run_queued_tasks()
    assert mailings_in_progress() == []


def test_each_button_an_organiser_presses_is_in_the_mailings_history_with_her_name(
        staff, petition, django_user_model, django_capture_on_commit_callbacks):
    django_user_model.objects.filter(username="staff").update(first_name="Dana", last_name="Okafor")
    make_supporters(2)
    mailing = composed(staff, create_segment(staff), petition)
    later = timezone.localtime() + timedelta(hours=1)
    act(staff, mailing, "schedule", django_capture_on_commit_callbacks,
        send_at=later.strftime("%Y-%m-%d %H:%M:%S"), recipients=2)
    confirm_and_send(staff, mailing, django_capture_on_commit_callbacks)
    for button in ("pause", "resume", "cancel"):
        assert act(staff, mailing, button, django_capture_on_commit_callbacks).status_code == 302

    entries = ModelLogEntry.objects.for_instance(mailing).order_by("pk")
    assert [(entry.action, entry.user.get_full_name()) for entry in entries if entry.action.startswith("clarion.")] == [
        (action, "Dana Okafor") for action in (actions.SCHEDULED, actions.SENT, actions.PAUSED, actions.RESUMED,
                                               actions.CANCELLED)]
    history = staff.get(reverse("alerts_mailings:history", args=[mailing.pk]))
    assert history.status_code == 200
    page = history.content.decode()
    assert all(done in page for done in ("Scheduled a mailing", "Paused a mailing", "Resumed a mailing",
                                         "Cancelled a mailing", "Dana Okafor"))


def test_a_scheduled_mailing_refused_when_due_is_cancelled_by_nobody(staff, petition,
                                                                     django_capture_on_commit_callbacks):
    people = make_supporters(1)
    mailing = composed(staff, create_segment(staff), petition)
    act(staff, mailing, "schedule", django_capture_on_commit_callbacks,
        send_at=(timezone.localtime() + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"), recipients=1)
    Supporter.objects.filter(pk__in=[person.pk for person in people]).update(subscribed=False)

    actions.start_due_mailings(now=timezone.now() + timedelta(hours=2))

    cancelled = ModelLogEntry.objects.for_instance(mailing).get(action=actions.CANCELLED)
    assert cancelled.user is None and "no mailable supporters" in cancelled.data["reason"]
