"""After signing: an editor records that the petition was delivered, that the target answered and how it ended.
Each step must follow the one before it; the public page tells the story and the count document gives its dates."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry

from clarion.pages.renditions import filter_specs
from clarion.petitions import actions
from clarion.petitions.counting import count_round
from clarion.petitions.display import count_document
from clarion.petitions.models import PetitionState, PetitionSteps, PetitionThreshold, ThresholdReached
from tests.conftest import run_queued_tasks
from tests.factories import make_image
from tests.petitions.conftest import confirmed, make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(db):
    """A petition that closed two days ago."""
    now = timezone.now()
    return make_petition(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=2))


def deliver(petition, days_ago=1, **fields):
    values = {"delivered_at": timezone.now() - timedelta(days=days_ago), "method": "In person at the ministry",
              "recipient": "Oren Vale's chief of staff", "note": "", "acting_user": None} | fields
    return actions.record_delivery(petition, **values)


def refused(call, *args, **kwargs):
    with pytest.raises(ValidationError) as raised:
        call(*args, **kwargs)
    return " ".join(raised.value.messages)


def test_an_open_petition_cannot_be_delivered(petition):
    assert "still takes signatures" in refused(deliver, petition, days_ago=0)
    assert not PetitionSteps.objects.exists()


def test_a_delivery_cannot_predate_the_closing_or_lie_in_the_future(closed):
    assert "cannot have been delivered before" in refused(deliver, closed, days_ago=3)
    assert "in the future" in refused(deliver, closed, days_ago=-1)
    assert "how the petition was delivered and to whom" in refused(deliver, closed, recipient="  ")
    assert not PetitionSteps.objects.exists()


def test_a_petition_closed_by_hand_before_its_closing_date_can_be_delivered_now(petition):
    """The editor's State › Closed ends signing early; the closing date still ahead must not bar the delivery."""
    petition.state = PetitionState.CLOSED
    petition.save()
    assert petition.closes_at > timezone.now()

    steps = deliver(petition, days_ago=0)

    assert steps.delivered_at <= timezone.now()
    assert PetitionSteps.objects.get(petition=petition).delivery_recipient == "Oren Vale's chief of staff"


def test_a_response_and_an_outcome_need_a_delivery_before_them(closed):
    now = timezone.now()
    assert "Record the delivery first" in refused(actions.record_response, closed, responded_at=now, text="No.")
    assert "Record the delivery first" in refused(actions.record_outcome, closed, outcome="won", outcome_at=now)
    deliver(closed, days_ago=1)
    assert "delivered on" in refused(actions.record_response, closed, responded_at=now - timedelta(days=1, hours=1),
                                     text="No.")
    assert "text, a document, or both" in refused(actions.record_response, closed, responded_at=now, text=" ")
    assert "Choose won, lost or ongoing" in refused(actions.record_outcome, closed, outcome="maybe", outcome_at=now)


def test_a_delivery_cannot_be_moved_after_the_response(closed):
    deliver(closed, days_ago=1.5)
    actions.record_response(closed, responded_at=timezone.now() - timedelta(days=1), text="We will consider it.")
    assert "after the response" in refused(deliver, closed, days_ago=0.5)
    assert PetitionSteps.objects.get().response_text == "We will consider it."


def test_recorded_steps_are_in_the_history_with_who_recorded_them(closed, django_user_model):
    dana = django_user_model.objects.create_user("dana", first_name="Dana", last_name="Okafor")
    deliver(closed, acting_user=dana)
    actions.record_response(closed, responded_at=timezone.now(), text="Under review.", acting_user=dana)
    actions.record_outcome(closed, outcome="ongoing", outcome_at=timezone.now(), acting_user=dana)
    actions.record_outcome(closed, outcome="won", outcome_at=timezone.now(), acting_user=dana)
    entries = PageLogEntry.objects.filter(page=closed, action__startswith="clarion.petitions.").order_by("pk")
    assert [(e.action, e.user.get_full_name()) for e in entries] == [
        ("clarion.petitions.delivered", "Dana Okafor"), ("clarion.petitions.responded", "Dana Okafor"),
        ("clarion.petitions.outcome", "Dana Okafor"), ("clarion.petitions.outcome", "Dana Okafor")]
    assert entries.last().data["outcome"] == "won"


def test_the_count_document_keeps_its_fields_and_adds_the_steps(closed):
    before = count_document(closed)
    assert before["state"] == PetitionState.CLOSED and before["stage"] == "closed"
    assert before["closed_at"] == closed.closes_at.isoformat()
    assert (before["delivered_at"], before["responded_at"], before["outcome"]) == (None, None, None)
    step = deliver(closed)
    actions.record_response(closed, responded_at=timezone.now(), text="No.")
    actions.record_outcome(closed, outcome="lost", outcome_at=timezone.now())
    after = count_document(closed)
    assert set(before) <= set(after)
    assert after["state"] == PetitionState.CLOSED  # the older field says what it always said
    assert after["stage"] == "lost"
    assert after["delivered_at"] == step.delivered_at.isoformat()
    assert after["outcome_at"] and after["responded_at"]


def test_thresholds_are_dated_when_the_count_first_reaches_them(petition):
    PetitionThreshold.objects.create(petition=petition, count=2, message="Two of us!")
    PetitionThreshold.objects.create(petition=petition, count=5, message="Five!")
    confirmed(petition, "a@example.org")
    count_round()
    assert not ThresholdReached.objects.exists()
    confirmed(petition, "b@example.org")
    count_round()
    cache.clear()
    assert [r["count"] for r in count_document(petition)["thresholds_reached"]] == [2]


def test_the_public_page_tells_the_story_in_order(client, closed):
    deliver(closed, days_ago=1, note="Handed over with 40 supporters outside.")
    actions.record_response(closed, responded_at=timezone.now() - timedelta(hours=2), text="The order is suspended.")
    actions.record_outcome(closed, outcome="won", outcome_at=timezone.now())
    html = client.get(closed.url).content.decode()
    timeline = html[html.index('<ol class="timeline">'):html.index("</ol>", html.index('<ol class="timeline">'))]
    order = ["Opened for signatures", "Closed", "Delivered to <bdi>Oren Vale&#x27;s chief of staff</bdi>",
             "The order is suspended.", "We won"]
    assert [timeline.index(text) for text in order] == sorted(timeline.index(text) for text in order)
    assert 'aria-current="step"' in timeline.split("We won")[0].rsplit("<li", 1)[1]
    assert "Handed over with 40 supporters outside." in timeline


def test_an_editor_records_the_delivery_in_the_admin(staff, closed):
    url = reverse("petitions_admin:steps", args=[closed.pk])
    when = (timezone.localtime() - timedelta(hours=3)).strftime("%Y-%m-%d %H:%M")
    response = staff.post(url, {"step": "delivery", "delivery-delivered_at": when, "delivery-method": "By e-mail",
                                "delivery-recipient": "The minister's office", "delivery-note": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    steps = PetitionSteps.objects.get()
    assert (steps.delivery_method, steps.delivery_recipient) == ("By e-mail", "The minister's office")
    assert "Delivery and outcome" in staff.get(reverse("wagtailadmin_pages:edit", args=[closed.pk])).content.decode()


def test_a_step_out_of_order_is_explained_beside_the_field(staff, closed):
    url = reverse("petitions_admin:steps", args=[closed.pk])
    early = (timezone.localtime(closed.closes_at) - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    response = staff.post(url, {"step": "delivery", "delivery-delivered_at": early, "delivery-method": "By post",
                                "delivery-recipient": "The ministry"})
    assert response.status_code == 400
    assert "cannot have been delivered before that" in response.content.decode()
    response = staff.post(url, {"step": "response", "response-responded_at": early, "response-text": "Yes"})
    assert response.status_code == 400 and "Record the delivery first" in response.content.decode()
    assert staff.post(url, {"step": "nonsense"}).status_code == 400
    assert not PetitionSteps.objects.exists()


def test_an_editor_without_the_right_can_neither_see_nor_record_steps(client, django_user_model, closed):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("farah", "farah@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    url = reverse("petitions_admin:steps", args=[closed.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"step": "outcome", "outcome-outcome": "won",
                                 "outcome-outcome_at": timezone.localtime().strftime("%Y-%m-%d %H:%M")})
    assert response.status_code == 403
    assert not PetitionSteps.objects.exists()
    assert "Delivery and outcome" not in client.get(
        reverse("wagtailadmin_pages:edit", args=[closed.pk])).content.decode()


def test_the_delivery_photo_is_drawn_when_the_step_is_saved_not_when_a_visitor_comes(
        client, closed, django_capture_on_commit_callbacks):
    photo = make_image("Handing over the boxes")
    with django_capture_on_commit_callbacks(execute=True):
        deliver(closed, photo=photo)
    run_queued_tasks()  # the worker makes the timeline's sizes of the photo
    renditions = get_image_model().get_rendition_model().objects.filter(image=photo)
    made = renditions.count()
    assert made == len(filter_specs("timeline_photo"))

    html = client.get(closed.url).content.decode()
    assert '<figure class="timeline__photo"><picture>' in html and "Handing over the boxes" in html
    assert renditions.count() == made, "the visitor waited while a picture was drawn"
