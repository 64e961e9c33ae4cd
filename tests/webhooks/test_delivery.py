"""Oscar the operator's receivers fail in every way a network can: a 500, a timeout, 410 Gone, a host down for
hours, one endpoint hanging while another waits. Each is retried with back-off or disabled with a mail to the
admins, and none of it slows signing or the other endpoints."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db.models import F
from django.utils import timezone
from wagtail.users.models import UserProfile

from clarion.petitions.counting import count_round
from clarion.petitions.models import Signature, SignatureState
from clarion.webhooks.models import Delivery, DeliveryStatus, Endpoint, Event
from clarion.webhooks.outcomes import disable
from clarion.webhooks.rounds import due_endpoints
from tests.petitions.conftest import confirm_link, confirmed, deliver_outbox, link_path, make_petition, sign
from tests.webhooks.conftest import deliver, endpoint

pytestmark = pytest.mark.django_db


def time_passes(seconds):
    """Move every waiting delivery's and endpoint's clock back, as if `seconds` had passed."""
    later = timedelta(seconds=seconds)
    Delivery.objects.exclude(next_attempt_at=None).update(next_attempt_at=F("next_attempt_at") - later)
    Endpoint.objects.exclude(paused_until=None).update(paused_until=F("paused_until") - later)


def test_a_500_is_retried_after_a_back_off_with_the_same_webhook_id(receiver):
    crm = endpoint(receiver.url())
    receiver.plan = [500]
    confirmed(make_petition(), "miriam@example.org")

    before = timezone.now()
    deliver()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == (DeliveryStatus.PENDING, 1, 500)
    wait = (delivery.next_attempt_at - before).total_seconds()
    assert 3.5 <= wait <= 6.5  # 5 s, ±20 %
    deliver()
    assert len(receiver.received) == 1  # not before its time

    time_passes(7)
    deliver()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == (DeliveryStatus.DELIVERED, 2, 204)
    first, second = receiver.received
    assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"] == delivery.message_id
    assert len(receiver.verified(crm.secret)) == 2
    assert Endpoint.objects.get().failures == 0


def test_the_back_off_grows_to_twelve_hours_and_gives_up_after_a_day(receiver):
    from clarion.webhooks.outcomes import backoff

    assert [round(backoff(n) / (5 * 2 ** (n - 1)), 1) <= 1.2 for n in range(1, 6)] == [True] * 5
    assert 0.8 * 12 * 3600 <= backoff(30) <= 1.2 * 12 * 3600
    endpoint(receiver.url())
    receiver.code = 503
    confirmed(make_petition(), "miriam@example.org")
    count_round()
    Event.objects.update(created=timezone.now() - timedelta(hours=25))
    deliver()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_response_code) == (DeliveryStatus.FAILED, 503)


def test_a_timeout_is_retried(receiver, settings):
    settings.CLARION_WEBHOOKS_TIMEOUT = 0.3
    endpoint(receiver.url())
    receiver.delay = 1
    confirmed(make_petition(), "miriam@example.org")
    deliver()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_error, delivery.last_response_code) == (
        DeliveryStatus.PENDING, "Timed out", None)

    receiver.delay = 0
    time_passes(7)
    deliver()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert len({r["headers"]["webhook-id"] for r in receiver.received}) == 1


def test_410_gone_disables_the_endpoint(receiver):
    endpoint(receiver.url())
    receiver.code = 410
    petition = make_petition()
    confirmed(petition, "miriam@example.org")
    deliver()
    crm = Endpoint.objects.get()
    assert not crm.enabled and "410" in crm.disabled_reason
    assert Delivery.objects.get().status == DeliveryStatus.FAILED
    confirmed(petition, "kaveh@example.org")
    assert Delivery.objects.count() == 1  # nothing new is recorded for it


def test_an_endpoint_failing_for_hours_is_disabled_and_the_admins_are_mailed(receiver, smtp_server, settings,
                                                                            django_user_model):
    settings.CLARION_WEBHOOKS_DISABLE_FAILURES = 3
    django_user_model.objects.create_superuser("ada", "ada@example.org", "pw")
    endpoint(receiver.url(), name="Regional CRM")
    receiver.code = 500
    petition = make_petition()
    confirmed(petition, "miriam@example.org")
    deliver()
    Endpoint.objects.update(failing_since=timezone.now() - timedelta(hours=7))
    for _ in range(2):
        assert Endpoint.objects.get().enabled
        time_passes(3600)
        deliver()

    crm = Endpoint.objects.get()
    assert not crm.enabled and "3 times in a row" in crm.disabled_reason
    deliver_outbox()
    mails = smtp_server.to("ada@example.org")
    assert len(mails) == 1 and "Regional CRM" in mails[0]["Subject"]
    time_passes(3600)
    deliver()
    assert len(receiver.received) == 3  # disabled: nothing more is sent


def test_a_dead_endpoint_does_not_delay_another(receiver, other_receiver, settings):
    settings.CLARION_WEBHOOKS_TIMEOUT = 2
    endpoint(receiver.url(), name="Hanging")
    endpoint(other_receiver.url(), name="Healthy")
    receiver.delay = 3
    petition = make_petition()
    for n in range(20):
        confirmed(petition, f"signer{n}@example.org")

    started = time.monotonic()
    deliver()
    healthy_done = max(r["at"] for r in other_receiver.received) - started
    assert len(other_receiver.received) == 20
    assert healthy_done < 1.5  # all twenty while the other endpoint's first request still hangs
    assert len(receiver.received) == 1  # the hanging one: one try, then the whole endpoint backs off
    assert Delivery.objects.filter(endpoint__name="Hanging", status=DeliveryStatus.PENDING).count() == 20


def test_signing_still_works_when_delivery_fails(client, django_capture_on_commit_callbacks, smtp_server):
    endpoint("http://127.0.0.1:9/nobody-listens")
    petition = make_petition()
    with django_capture_on_commit_callbacks(execute=True):
        assert sign(client, petition, email="miriam@example.org").status_code in (200, 302)
    deliver_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link_path(confirm_link(smtp_server.to("miriam@example.org")[0])))
    assert response.status_code in (200, 302)
    assert Signature.objects.get().state == SignatureState.VALIDATED
    deliver()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_error) == (DeliveryStatus.PENDING, "Could not connect")


def test_a_killed_workers_endpoint_is_taken_back_after_its_lease(receiver):
    endpoint(receiver.url())
    confirmed(make_petition(), "miriam@example.org")
    # A worker claimed the endpoint and died: its lease is not renewed.
    Endpoint.objects.update(leased_until=timezone.now() + timedelta(seconds=20), lease_token="dead")
    assert deliver() == 0
    Endpoint.objects.update(leased_until=timezone.now() - timedelta(seconds=1))
    assert deliver() == 1
    assert due_endpoints(timezone.now()) == []


def test_an_endpoint_whose_first_event_comes_while_another_hangs_is_served_in_the_same_round(
        receiver, other_receiver, settings):
    from clarion.webhooks.record import record

    settings.CLARION_WEBHOOKS_TIMEOUT = 3
    endpoint(receiver.url(), name="Hanging", events=["webhook.test"])
    late = endpoint(other_receiver.url(), name="Late", events=["webhook.test"])
    receiver.delay = 4
    record("webhook.test", {"n": 1}, endpoints=[Endpoint.objects.get(name="Hanging")])
    Endpoint.objects.filter(pk=late.pk).update(paused_until=timezone.now() + timedelta(seconds=1))
    record("webhook.test", {"n": 2}, endpoints=[late])  # due, but its endpoint waits a second

    started = time.monotonic()
    deliver()
    assert len(other_receiver.received) == 1
    assert other_receiver.received[0]["at"] - started < 2.9  # before the hanging request timed out


def test_each_admin_reads_the_disabled_endpoint_mail_in_the_language_of_their_admin_screens(smtp_server,
                                                                                            django_user_model):
    django_user_model.objects.create_superuser("ada", "ada@example.org", "pw")
    dariush = django_user_model.objects.create_superuser("dariush", "dariush@example.org", "pw")
    profile = UserProfile.get_for_user(dariush)
    profile.preferred_language = "fa"  # what Account › Language and region saves
    profile.save()
    # Also in a group that may manage webhooks: found twice by the query, mailed once.
    managers = Group.objects.create(name="Webhook managers")
    managers.permissions.add(Permission.objects.get(codename="manage_webhooks"))
    dariush.groups.add(managers)
    crm = endpoint("https://crm.example.org/hook", name="Regional CRM")
    disable(crm, "The receiver answered 410 Gone.")
    deliver_outbox()
    [english] = smtp_server.to("ada@example.org")
    [persian] = smtp_server.to("dariush@example.org")
    assert 'lang="en"' in english.get_body(("html",)).get_content()
    assert 'lang="fa" dir="rtl"' in persian.get_body(("html",)).get_content()
    assert persian["Subject"] != english["Subject"] and "Regional CRM" in persian["Subject"]
