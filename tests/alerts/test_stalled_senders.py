"""A mailing whose sender died holding deliveries gets a fresh sender a lease later; one whose next sender is only
queued behind other tasks (nothing claimed) is left alone, so restarts never pile senders up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clarion.alerts.actions import QUIET_SECONDS, restart_stalled_mailings, start_mailing
from clarion.alerts.models import Delivery, DeliveryStatus, Mailing, Segment
from clarion.alerts.sending import claim_batch
from tests.alerts.conftest import make_supporters

pytestmark = pytest.mark.django_db


@pytest.fixture
def sending(settings, enqueued):
    settings.CLARION_LEASE_SECONDS = 20
    settings.CLARION_ALERTS_SENDERS = 1
    make_supporters(5)
    mailing = Mailing.objects.create(subject="Four days left", body="Dear friend,",
                                     segment=Segment.objects.create(name="Everyone"))
    start_mailing(mailing)
    enqueued.clear()
    return mailing


def _senders(enqueued):
    return [result for result in enqueued if result.task.name == "send_mailing"]


def _quiet_since(mailing, seconds):
    Mailing.objects.filter(pk=mailing.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=seconds))


def test_a_sender_that_died_holding_deliveries_is_replaced_a_lease_later(sending, enqueued):
    claimed = claim_batch(sending.pk, "dead-worker", 2)
    Delivery.objects.filter(pk__in=claimed).update(claimed_at=timezone.now() - timedelta(seconds=10))
    _quiet_since(sending, 10)
    restart_stalled_mailings()
    assert _senders(enqueued) == [], "within the lease the holder may still be alive"

    Delivery.objects.filter(pk__in=claimed).update(claimed_at=timezone.now() - timedelta(seconds=25))
    _quiet_since(sending, 25)
    restart_stalled_mailings()
    assert len(_senders(enqueued)) == 1
    # The fresh sender takes the dead worker's batch back.
    assert set(claim_batch(sending.pk, "fresh-worker", 5)) >= set(claimed)
    assert not Delivery.objects.filter(claimed_by="dead-worker", status=DeliveryStatus.CLAIMED).exists()


def test_a_mailing_with_nothing_claimed_waits_for_its_queued_sender(sending, enqueued):
    _quiet_since(sending, 60)
    restart_stalled_mailings()
    assert _senders(enqueued) == []
    _quiet_since(sending, QUIET_SECONDS + 1)
    restart_stalled_mailings()
    assert len(_senders(enqueued)) == 1
