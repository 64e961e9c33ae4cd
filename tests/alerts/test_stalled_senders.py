"""A mailing whose sender died gets a fresh sender a lease later, whether it held deliveries or died between two
batches; one whose next sender is only queued behind other tasks is left alone, so restarts never pile senders
up, and so is one whose recipients all wait for a retry later."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clarion.alerts.actions import QUIET_SECONDS, SENDER_PATH, restart_stalled_mailings, start_mailing
from clarion.alerts.models import Delivery, DeliveryStatus, Mailing, Segment
from clarion.alerts.sending import claim_batch, send_mailing
from clarion.core import runs
from tests.alerts.conftest import make_supporters

pytestmark = pytest.mark.django_db


@pytest.fixture
def sending(settings, enqueued, django_capture_on_commit_callbacks):
    settings.CLARION_LEASE_SECONDS = 20
    settings.CLARION_ALERTS_SENDERS = 1
    make_supporters(5)
    mailing = Mailing.objects.create(subject="Four days left", body="Dear friend,",
                                     segment=Segment.objects.create(name="Everyone"))
    with django_capture_on_commit_callbacks(execute=True):
        start_mailing(mailing)  # its sender waits in the task queue (not run here)
    assert len(_senders(enqueued)) == 1
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


def forget_queued_senders(results):
    """What a killed sender leaves: it was taken from the queue, so no sender of the mailing waits there."""
    from clarion.core.taskstate import uses_rq

    for result in results:
        if uses_rq():
            import django_rq
            from rq.job import Job

            Job.fetch(result.id, connection=django_rq.get_connection()).delete()
        else:
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.filter(id=result.id).delete()


def test_a_sender_that_died_between_batches_is_replaced_a_lease_later(sending, enqueued):
    """It held no deliveries (it had marked its batch and not yet claimed the next), so only its silence and the
    empty queue tell: a lease, not QUIET_SECONDS."""
    assert runs.unfinished([SENDER_PATH]), "start_mailing queued its sender"
    forget_queued_senders(runs.unfinished([SENDER_PATH]))
    _quiet_since(sending, 10)
    restart_stalled_mailings()
    assert _senders(enqueued) == [], "within the lease it may still be alive"

    _quiet_since(sending, 25)
    restart_stalled_mailings()
    assert len(_senders(enqueued)) == 1
    restart_stalled_mailings()
    assert len(_senders(enqueued)) == 1, "its fresh sender waits in the queue: no second one"


def test_a_mailing_whose_recipients_wait_for_a_retry_gets_no_sender_before_it_is_due(sending, enqueued):
    forget_queued_senders(runs.unfinished([SENDER_PATH]))
    Delivery.objects.filter(mailing=sending).update(retry_at=timezone.now() + timedelta(minutes=2))
    _quiet_since(sending, 60)
    restart_stalled_mailings()
    assert _senders(enqueued) == []
    Delivery.objects.filter(mailing=sending).update(retry_at=timezone.now() - timedelta(seconds=1))
    restart_stalled_mailings()
    assert len(_senders(enqueued)) == 1


def test_the_sender_path_the_sweep_looks_for_is_the_sender_task():
    assert send_mailing.module_path == SENDER_PATH
