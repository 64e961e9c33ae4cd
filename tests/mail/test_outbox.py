"""An operator relies on the outbox: every queued e-mail arrives once, survives a mail-server outage,
and is given up on (visibly) only after the configured number of attempts."""

import logging
import socket
from datetime import timedelta

import pytest
from django.db import OperationalError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from clarion.mail.actions import queue_mail
from clarion.mail.delivery import deliver
from clarion.mail.models import OutboxMessage
from clarion.mail.rounds import deliver_due_mail

pytestmark = pytest.mark.django_db

SUPPORTER = "miriam@example.org"


def queue_thank_you():
    with transaction.atomic():
        return queue_mail(
            SUPPORTER, "Thank you for signing", "Thank you, Miriam.\n",
            html_body="<p>Thank you, <b>Miriam</b>.</p>", reply_to="team@example.org",
        )


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_due(message):
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def fresh(message):
    return OutboxMessage.objects.get(pk=message.pk)


def test_queued_mail_is_written_to_the_outbox():
    message = queue_thank_you()
    row = OutboxMessage.objects.get()
    assert row.pk == message.pk
    assert (row.to, row.subject, row.status, row.attempts) == (SUPPORTER, "Thank you for signing", "pending", 0)


def test_outbox_message_is_delivered_with_text_and_html(smtp_server):
    message = queue_thank_you()

    deliver(message.pk)

    [received] = smtp_server.to(SUPPORTER)
    assert received["Subject"] == "Thank you for signing"
    assert received["To"] == SUPPORTER
    assert received["Reply-To"] == "team@example.org"
    assert received.get_body(("plain",)).get_content().strip() == "Thank you, Miriam."
    assert received.get_body(("html",)).get_content().strip() == "<p>Thank you, <b>Miriam</b>.</p>"
    row = fresh(message)
    assert row.status == OutboxMessage.Status.SENT
    assert row.sent_at is not None
    assert row.attempts == 1


def test_delivering_twice_sends_once(smtp_server):
    message = queue_thank_you()
    deliver(message.pk)
    make_due(message)

    deliver(message.pk)

    assert len(smtp_server.messages) == 1
    assert fresh(message).attempts == 1


def test_mail_server_outage_is_retried_later(smtp_server, settings):
    message = queue_thank_you()
    settings.EMAIL_PORT = closed_port()

    before = timezone.now()
    deliver(message.pk)

    row = fresh(message)
    assert row.status == OutboxMessage.Status.PENDING
    assert row.attempts == 0, "a server that cannot be reached says nothing about this message"
    assert row.next_attempt_at > before
    assert "Connection" in row.last_error or "refused" in row.last_error.lower()
    assert smtp_server.messages == []

    settings.EMAIL_PORT = smtp_server.port
    deliver(message.pk)
    assert smtp_server.messages == [], "a retry before its time must wait"

    make_due(message)
    deliver(message.pk)

    row = fresh(message)
    assert row.status == OutboxMessage.Status.SENT
    assert row.attempts == 1
    assert row.last_error == ""
    assert len(smtp_server.to(SUPPORTER)) == 1


def test_mail_is_given_up_after_the_configured_refusals(refusing_smtp_server, settings):
    settings.CLARION_OUTBOX_MAX_ATTEMPTS = 3
    refusing_smtp_server.refuse(SUPPORTER, "451 4.2.1 Mailbox busy, try later")
    message = queue_thank_you()

    for attempt in (1, 2, 3):
        make_due(message)
        deliver(message.pk)
        assert fresh(message).attempts == attempt

    row = fresh(message)
    assert row.status == OutboxMessage.Status.FAILED
    assert row.next_attempt_at is None
    assert "451" in row.last_error

    refusing_smtp_server.rcpt_answers.clear()
    make_due(message)
    deliver(message.pk)
    assert fresh(message).status == OutboxMessage.Status.FAILED
    assert refusing_smtp_server.messages == []


def test_a_long_mail_server_outage_costs_no_message_and_stops_each_round_at_once(smtp_server, settings, caplog):
    """Down for longer than the whole back-off (about an hour): every signer still gets their mail once it is
    back, and a round during the outage knocks once, not once per waiting message."""
    settings.CLARION_OUTBOX_MAX_ATTEMPTS = 3
    messages = [queue_thank_you() for _ in range(5)]
    settings.EMAIL_PORT = closed_port()

    with caplog.at_level(logging.WARNING, logger="clarion.mail.delivery"):
        for round_ in range(6):  # twice the attempts a recipient's own refusals would be allowed
            OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
            assert deliver_due_mail.call() == 0
            if round_ == 0:
                assert OutboxMessage.objects.exclude(last_error="").count() == 1, "the round stops at the first"

    rows = OutboxMessage.objects.all()
    assert {(row.status, row.attempts) for row in rows} == {(OutboxMessage.Status.PENDING, 0)}
    assert [r.getMessage() for r in caplog.records].count(
        "The mail server cannot be reached (ConnectionRefusedError): messages wait and are retried.") == 1

    settings.EMAIL_PORT = smtp_server.port
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert deliver_due_mail.call() == len(messages)
    assert len(smtp_server.to(SUPPORTER)) == len(messages)


def test_rolled_back_change_sends_no_mail(smtp_server, django_capture_on_commit_callbacks, enqueued):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_mail(SUPPORTER, "Thank you for signing", "Thank you.")
        raise RuntimeError("the signature could not be saved")

    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert enqueued == []
    assert smtp_server.messages == []


def test_committed_mail_wakes_one_delivery_round(django_capture_on_commit_callbacks, enqueued):
    with django_capture_on_commit_callbacks(execute=True):
        queue_thank_you()
        queue_thank_you()

    # Two messages in one moment: one round sends both (a task per message would cost a write each).
    [task] = enqueued
    assert task.task.module_path.endswith("deliver_due_mail")


def test_a_delivery_round_sends_every_due_message_over_one_connection(smtp_server):
    for n in range(5):
        queue_mail(f"signer{n}@example.org", "Thank you for signing", "Thank you.")

    assert deliver_due_mail.call() == 5
    assert sorted(m["To"] for m in smtp_server.messages) == [f"signer{n}@example.org" for n in range(5)]
    assert smtp_server.sessions == 1
    assert not OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists()


def test_mail_committed_while_a_round_runs_wakes_the_next_round(django_capture_on_commit_callbacks, enqueued,
                                                                  smtp_server):
    with django_capture_on_commit_callbacks(execute=True):
        queue_thank_you()
    deliver_due_mail.call()
    with django_capture_on_commit_callbacks(execute=True):
        queue_thank_you()

    assert [t.task.module_path.rsplit(".", 1)[1] for t in enqueued] == ["deliver_due_mail", "deliver_due_mail"]


def test_mail_is_not_enqueued_before_the_commit(django_capture_on_commit_callbacks, enqueued):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_thank_you()
        assert enqueued == []
    assert len(callbacks) == 1


def test_a_deferred_message_is_written_at_delivery_and_dropped_when_its_subject_is_gone(smtp_server, monkeypatch):
    from clarion.mail import deferred
    from clarion.mail.actions import queue_deferred_mail

    people = {"miriam": {"signature": None, "petition": None, "confirm_url": "/petitions/confirm/abc/"}}
    monkeypatch.setitem(deferred._builders, "tests.person", lambda name: people.get(name))
    kept = queue_deferred_mail("miriam@example.org", "petitions/confirm", "tests.person", name="miriam")
    dropped = queue_deferred_mail("gone@example.org", "petitions/confirm", "tests.person", name="gone")

    deliver(kept.pk)
    deliver(dropped.pk)

    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert kept.status == OutboxMessage.Status.SENT and "/petitions/confirm/abc/" in kept.text_body
    [received] = smtp_server.messages
    assert received["To"] == "miriam@example.org" and received["Subject"] == kept.subject
    assert dropped.status == OutboxMessage.Status.FAILED and dropped.last_error.startswith("No longer wanted")


def test_the_operator_sees_every_message_in_the_outbox_even_before_it_is_written(client, django_user_model,
                                                                                smtp_server, monkeypatch):
    from clarion.mail import deferred
    from clarion.mail.actions import queue_deferred_mail

    monkeypatch.setitem(deferred._builders, "tests.person", lambda name: {"confirm_url": "/petitions/confirm/x/"})
    waiting = queue_deferred_mail("miriam@example.org", "petitions/confirm", "tests.person", name="miriam")
    sent = queue_thank_you()
    deliver(sent.pk)
    client.force_login(django_user_model.objects.create_superuser("ops", "ops@example.org", "pw"))

    listing = client.get("/admin/outbox/")

    assert listing.status_code == 200
    html = listing.content.decode()
    assert "petitions/confirm (written when sent)" in html and "Thank you for signing" in html
    assert f"/admin/outbox/inspect/{waiting.pk}/" in html
    assert client.get(f"/admin/outbox/inspect/{waiting.pk}/").status_code == 200


def test_mail_sent_as_the_database_restarts_is_recorded_and_not_sent_again(smtp_server, monkeypatch):
    """The mail has gone when PostgreSQL restarts: recording it waits for the database instead of failing, or
    the sweep would send it a second time once the claim ran out (tests/faults/test_postgres_restart.py)."""
    message = queue_thank_you()
    update, failures = QuerySet.update, []

    def restarting(queryset, **fields):
        if fields.get("status") == OutboxMessage.Status.SENT and not failures:
            failures.append(fields)
            raise OperationalError("terminating connection due to administrator command")
        return update(queryset, **fields)

    monkeypatch.setattr(QuerySet, "update", restarting)
    monkeypatch.setattr("clarion.mail.delivery.time.sleep", lambda seconds: None)
    deliver(message.pk)
    make_due(message)
    deliver(message.pk)

    assert failures and fresh(message).status == OutboxMessage.Status.SENT
    assert len(smtp_server.to(SUPPORTER)) == 1


def test_an_attachment_is_read_from_the_data_folder_when_sent_and_nothing_outside_it(smtp_server, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    (tmp_path / "letter.pdf").write_bytes(b"%PDF-1.7 letter")
    with transaction.atomic():
        message = queue_mail(SUPPORTER, "The petition", "Attached.", attachments=[tmp_path / "letter.pdf"])
    assert OutboxMessage.objects.get(pk=message.pk).attachments == [
        {"path": "letter.pdf", "name": "letter.pdf", "type": "application/pdf"}]
    (tmp_path / "letter.pdf").write_bytes(b"%PDF-1.7 the letter as it is when sent")

    deliver(message.pk)

    [part] = smtp_server.to(SUPPORTER)[0].iter_attachments()
    assert (part.get_filename(), part.get_content()) == ("letter.pdf", b"%PDF-1.7 the letter as it is when sent")
    for outside in ("/etc/passwd", tmp_path / ".." / "elsewhere.pdf"):
        with pytest.raises(ValueError):
            queue_mail(SUPPORTER, "No", "No.", attachments=[outside])
    OutboxMessage.objects.filter(pk=message.pk).update(attachments=[{"path": "../../etc/passwd", "name": "p",
                                                                     "type": "text/plain"}],
                                                       status=OutboxMessage.Status.PENDING)
    make_due(message)
    deliver(message.pk)  # a row altered to point outside is never sent with it
    assert len(smtp_server.to(SUPPORTER)) == 1
    assert fresh(message).status == OutboxMessage.Status.FAILED
