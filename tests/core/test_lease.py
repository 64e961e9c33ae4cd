"""A holder keeps its work while it renews its lease, even when a step outlasts the lease; an outbox message held
by a slow live sender is not taken by another worker, and one whose sender died is, a lease later."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from clarion.core.lease import Renewal
from clarion.mail import delivery
from clarion.mail.models import OutboxMessage
from tests.faults.lease_kit import stalling_sink  # noqa: F401  (fixture)


def test_a_holder_that_renews_holds_for_longer_than_its_lease():
    renewals = []
    with Renewal(lambda: renewals.append(time.monotonic()), seconds=0.4) as lease:
        time.sleep(1.0)
        assert lease.held()
    assert len(renewals) >= 3


def test_a_holder_whose_renewals_fail_stops_holding_before_the_lease_runs_out():
    def unreachable():
        raise ConnectionError("database gone")

    with Renewal(unreachable, seconds=0.4) as lease:
        assert lease.held()
        time.sleep(0.35)
        assert not lease.held(), "the holder must stop while nobody else can have taken the work yet"


def test_a_holder_whose_work_was_taken_back_knows_at_its_next_renewal():
    with Renewal(lambda: False, seconds=0.4) as lease:
        time.sleep(0.2)
        assert not lease.held()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sender_stalled_past_the_lease_keeps_its_message_and_sends_it_once(settings, stalling_sink):  # noqa: F811
    settings.CLARION_LEASE_SECONDS = 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", int(stalling_sink.url.rsplit(":", 1)[1])
    message = OutboxMessage.objects.create(to="slow@example.org", subject="Confirm", text_body="Please confirm.",
                                           next_attempt_at=timezone.now())
    stalling_sink.stall_at = 1
    others = []

    def another_worker():
        stalling_sink.stalled.wait(5)
        time.sleep(2.5)  # two and a half leases into the stall
        others.append(delivery.claim(message.pk))
        stalling_sink.release.set()
        connection.close()

    thread = threading.Thread(target=another_worker)
    thread.start()
    delivery.deliver(message.pk)
    thread.join()
    assert others == [False]
    assert stalling_sink.received["slow@example.org"] == 1
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.SENT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_message_whose_sender_died_is_taken_back_a_lease_after_its_claim(settings):
    settings.CLARION_LEASE_SECONDS = 1
    message = OutboxMessage.objects.create(to="lost@example.org", subject="Confirm", text_body="Please confirm.",
                                           next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert delivery.claim(message.pk)
    assert not delivery.claim(message.pk), "held by the (now silent) first sender"
    time.sleep(1.1)
    assert delivery.claim(message.pk)
