"""The mail server says no. "550 No such user" is final: the message fails after one attempt with the server's
words and the supporter is marked undeliverable; "451 try later" waits and is delivered once the server takes it;
a server that refuses us as a whole (530 "log in first", 5.7.1 "relaying denied") blames nobody's address.

Real parts: an aiosmtpd server on loopback that answers as told, and the delivery rounds and alert senders run by
the configured task worker (db_worker or rqworker) as in production. Waiting out a back-off is simulated by
moving the stored times back, so each test runs in seconds.
"""

import logging
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import F

from clarion.alerts.actions import start_mailing
from clarion.alerts.models import Delivery, DeliveryStatus, Mailing, MailingStatus, Segment
from clarion.alerts.tasks import restart_stalled_senders
from clarion.core.emails import canonical_email
from clarion.mail.actions import queue_mail
from clarion.mail.models import OutboxMessage
from clarion.mail.rounds import deliver_due_mail
from clarion.supporters.models import Supporter
from tests.conftest import run_queued_tasks

pytestmark = pytest.mark.django_db

GONE, BUSY, FINE = "gone@example.net", "busy@example.net", "fine@example.net"
NO_SUCH_USER = "550 5.1.1 No such user here"
TRY_LATER = "451 4.7.1 Greylisted, try again later"


def supporters(*addresses):
    return [Supporter.objects.create(email=address, canonical_email=canonical_email(address), subscribed=True,
                                     name=address.split("@")[0].title()) for address in addresses]


def undeliverable(address):
    return Supporter.objects.get(email=address).undeliverable_at is not None


def time_passes(seconds):
    """What waiting would do: every stored "not before" time comes `seconds` nearer."""
    ago = timedelta(seconds=seconds)
    OutboxMessage.objects.filter(next_attempt_at__isnull=False).update(next_attempt_at=F("next_attempt_at") - ago)
    Delivery.objects.filter(retry_at__isnull=False).update(retry_at=F("retry_at") - ago)
    Mailing.objects.filter(heartbeat_at__isnull=False).update(heartbeat_at=F("heartbeat_at") - ago)


def queue_thanks(*addresses):
    with transaction.atomic():
        return {address: queue_mail(address, "Thank you for signing", "Thank you.\n").pk for address in addresses}


def delivery_round():
    """What the wake after a commit and the scheduler's sweep both do: one round, run by the task worker."""
    deliver_due_mail.enqueue()
    run_queued_tasks()


def outbox(pk):
    return OutboxMessage.objects.get(pk=pk)


def test_a_refused_address_fails_at_once_and_a_greylisted_one_is_delivered_later(refusing_smtp_server):
    server = refusing_smtp_server
    server.refuse(GONE, NO_SUCH_USER)
    server.refuse(BUSY, TRY_LATER, times=1)
    supporters(GONE, BUSY)
    mail = queue_thanks(GONE, BUSY, FINE)

    delivery_round()

    gone, busy = outbox(mail[GONE]), outbox(mail[BUSY])
    assert (gone.status, gone.attempts) == (OutboxMessage.Status.FAILED, 1)
    assert gone.last_error == f"Refused for good: {NO_SUCH_USER}" and gone.next_attempt_at is None
    assert undeliverable(GONE)
    assert NO_SUCH_USER in Supporter.objects.get(email=GONE).undeliverable_reason
    assert (busy.status, busy.attempts) == (OutboxMessage.Status.PENDING, 1) and "451" in busy.last_error
    assert not undeliverable(BUSY)
    assert [m["To"] for m in server.messages] == [FINE]

    time_passes(31)  # the first back-off is 30 s
    delivery_round()

    assert outbox(mail[BUSY]).status == OutboxMessage.Status.SENT
    assert sorted(m["To"] for m in server.messages) == [BUSY, FINE]
    assert server.rcpts[GONE] == 1, "a permanent refusal must not be tried again"
    assert outbox(mail[GONE]).status == OutboxMessage.Status.FAILED


@pytest.mark.parametrize("where, answer", [("mail", "530 5.7.0 Authentication required"),
                                           ("rcpt", "554 5.7.1 Relay access denied")])
def test_a_server_that_refuses_us_blames_no_address_and_mail_waits(refusing_smtp_server, caplog, where, answer):
    server = refusing_smtp_server
    if where == "mail":
        server.mail_answer = answer
    else:
        server.refuse(GONE, answer)
    supporters(GONE)
    mail = queue_thanks(GONE)

    with caplog.at_level(logging.ERROR, logger="clarion.mail.delivery"):
        delivery_round()

    message = outbox(mail[GONE])
    assert message.status == OutboxMessage.Status.PENDING and message.next_attempt_at is not None
    assert not undeliverable(GONE)
    assert any("refuses to take mail" in record.getMessage() for record in caplog.records
               if record.levelno >= logging.ERROR), "a misconfigured server must be reported loudly"

    server.mail_answer = None
    server.rcpt_answers.clear()
    time_passes(31)
    delivery_round()
    assert outbox(mail[GONE]).status == OutboxMessage.Status.SENT


def test_an_alert_to_a_refused_address_fails_at_once_and_a_greylisted_one_arrives_later(
        refusing_smtp_server, django_capture_on_commit_callbacks):
    server = refusing_smtp_server
    server.refuse(GONE, NO_SUCH_USER)
    server.refuse(BUSY, TRY_LATER, times=1)
    people = {person.email: person for person in supporters(GONE, BUSY, FINE)}
    mailing = Mailing.objects.create(subject="Four days left", body="Dear {{ first_name }}, please sign.",
                                     segment=Segment.objects.create(name="Everyone"))
    with django_capture_on_commit_callbacks(execute=True):
        start_mailing(mailing)

    run_queued_tasks()  # the senders start_mailing queued

    deliveries = {d.supporter.email: d for d in Delivery.objects.select_related("supporter")}
    assert deliveries[GONE].status == DeliveryStatus.FAILED
    assert deliveries[GONE].error == f"Refused for good: {NO_SUCH_USER}"
    assert undeliverable(GONE) and not undeliverable(BUSY)
    assert deliveries[BUSY].status == DeliveryStatus.PENDING and deliveries[BUSY].retry_at is not None
    assert [m["To"] for m in server.messages] == [FINE]
    assert Mailing.objects.get().status == MailingStatus.SENDING, "not finished while someone waits for a retry"

    time_passes(31)
    restart_stalled_senders.enqueue()  # the sweep of quiet mailings restarts senders once a retry is due
    run_queued_tasks()

    assert Delivery.objects.get(supporter=people[BUSY]).status == DeliveryStatus.SENT
    assert sorted(m["To"] for m in server.messages) == [BUSY, FINE]
    assert server.rcpts[GONE] == 1
    assert Mailing.objects.get().status == MailingStatus.SENT
