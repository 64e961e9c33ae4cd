"""What the outbox keeps about people, and for how long.

Miriam invites friends, then asks to be erased: no message keeps her address or her name, and a waiting
invitation written in her name is not sent. Whoever signs or subscribes, the text of what we sent them is
emptied after CLARION_MAIL_RETENTION_DAYS, leaving the outbox admin its status, dates and template; a message
still waiting to go is never emptied, however old it is.
"""

import smtplib
import socket
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.utils import timezone

from clarion.core.schedule import periodic_tasks
from clarion.mail import delivery
from clarion.mail.actions import queue_deferred_mail, queue_mail
from clarion.mail.models import OutboxMessage
from clarion.mail.tasks import purge_old_mail
from clarion.supporters.actions import erase_supporter
from clarion.supporters.gdpr import export_supporter
from tests.petitions.conftest import deliver_outbox
from tests.spread.conftest import FRIEND_IP, confirmed, invite, send_invitations

pytestmark = pytest.mark.django_db

PERSONAL_FIELDS = ["to", "reply_to", "subject", "text_body", "html_body", "headers", "context"]


def age(message, days):
    """Make `message` as old as `days` days (queued, and sent if it was)."""
    then = timezone.now() - timedelta(days=days)
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=then)
    OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=False).update(sent_at=then)


def holding(text):
    """Outbox rows where `text` still appears in any personal field."""
    return [row for row in OutboxMessage.objects.values(*PERSONAL_FIELDS, "pk")
            if any(text.lower() in str(row[field]).lower() for field in PERSONAL_FIELDS)]


def test_an_erased_inviter_is_in_no_message_and_her_waiting_invitation_is_not_sent(client, signer, smtp_server):
    invite(client, signer, [("Kaveh", "kaveh@example.net")], note="Please sign, it matters to me.")
    send_invitations()
    deliver_outbox()
    invite(client, signer, [("Lena", "lena@example.net")], ip=FRIEND_IP)
    send_invitations()
    # Still waiting for the sending task when she is erased: never written to the outbox at all.
    invite(client, signer, [("Omid", "omid@example.net")], ip=FRIEND_IP)
    waiting = OutboxMessage.objects.get(to="lena@example.net")
    assert waiting.reply_to == "miriam@example.org" and "Miriam" in waiting.subject

    erase_supporter(signer.supporter, how="self-service")
    send_invitations()
    deliver_outbox()

    assert not OutboxMessage.objects.filter(reply_to__icontains="miriam").exists()
    assert holding("miriam") == []
    assert holding("it matters to me") == []
    waiting.refresh_from_db()
    assert waiting.status == OutboxMessage.Status.FAILED and waiting.purged_at
    assert waiting.last_error.startswith("No longer wanted")
    assert smtp_server.to("lena@example.net") == [] and smtp_server.to("omid@example.net") == []
    assert not OutboxMessage.objects.filter(to="omid@example.net").exists()
    # Kaveh's invitation went; the outbox still says so, and what it was.
    kaveh = OutboxMessage.objects.get(template="spread/invitation", status=OutboxMessage.Status.SENT)
    assert kaveh.sent_at and kaveh.to == "" and kaveh.text_body == ""


def test_erasure_removes_mail_about_her_signature_whatever_address_it_went_to(petition, smtp_server):
    miriam = confirmed(petition, "miriam@example.org")
    other = queue_deferred_mail("m.rezaei@example.net", "petitions/thanks", "petitions.signature",
                                signature=miriam.pk)

    erase_supporter(miriam.supporter, how="admin")

    assert not OutboxMessage.objects.filter(pk=other.pk).exists()
    assert holding("miriam") == [] and holding("rezaei") == []


def test_a_sent_message_older_than_the_retention_keeps_only_status_dates_and_template(petition, smtp_server,
                                                                                         settings):
    settings.CLARION_MAIL_RETENTION_DAYS = 30
    miriam = confirmed(petition, "miriam@example.org", name="Miriam Rezaei")
    deliver_outbox()
    [old, recent] = OutboxMessage.objects.order_by("pk")
    assert old.status == OutboxMessage.Status.SENT and "Miriam" in old.text_body
    age(old, 31)
    age(recent, 29)

    assert purge_old_mail.call() == 1

    old.refresh_from_db()
    assert [getattr(old, field) for field in PERSONAL_FIELDS] == ["", "", "", "", "", {}, {}]
    assert (old.status, old.template, old.purged_at is not None) == ("sent", "petitions/confirm", True)
    assert old.sent_at and old.created_at
    recent.refresh_from_db()
    assert "Miriam" in recent.text_body and recent.purged_at is None
    # Nothing ties the emptied message to her any more: her export lists only what is still held.
    assert [m["subject"] for m in export_supporter(miriam.supporter)["emails"]] == [recent.subject]


def test_a_message_given_up_on_is_emptied_too_but_a_waiting_one_never_is(smtp_server, settings):
    settings.CLARION_MAIL_RETENTION_DAYS = 30
    given_up = queue_mail("kaveh@example.net", "Your link", "Dear Kaveh", reply_to="miriam@example.org")
    waiting = queue_mail("lena@example.net", "Your link", "Dear Lena")
    OutboxMessage.objects.filter(pk=given_up.pk).update(status=OutboxMessage.Status.FAILED, next_attempt_at=None,
                                                        last_error="SMTPRecipientsRefused: kaveh@example.net")
    age(given_up, 400)
    age(waiting, 400)

    purge_old_mail.call()

    given_up.refresh_from_db()
    assert given_up.text_body == "" and given_up.to == "" and given_up.reply_to == "" and given_up.last_error == ""
    waiting.refresh_from_db()
    assert (waiting.to, waiting.text_body, waiting.purged_at) == ("lena@example.net", "Dear Lena", None)
    delivery.deliver(waiting.pk)
    assert smtp_server.to("lena@example.net")[0].get_body(("plain",)).get_content().strip() == "Dear Lena"


def test_retention_zero_keeps_mail_whole(smtp_server, settings):
    settings.CLARION_MAIL_RETENTION_DAYS = 0
    message = queue_mail("kaveh@example.net", "Your link", "Dear Kaveh")
    delivery.deliver(message.pk)
    age(message, 4000)

    assert purge_old_mail.call() == 0
    message.refresh_from_db()
    assert message.text_body == "Dear Kaveh"


def test_an_invitation_emptied_while_on_its_way_is_recorded_as_sent_and_stays_empty(client, signer, smtp_server,
                                                                                       monkeypatch):
    invite(client, signer, [("Kaveh", "kaveh@example.net")])
    send_invitations()
    [invitation] = OutboxMessage.objects.filter(template="spread/invitation")
    real_send = delivery.send

    def erased_meanwhile(message, connection=None):
        erase_supporter(signer.supporter, how="self-service")
        real_send(message, connection)

    monkeypatch.setattr(delivery, "send", erased_meanwhile)
    delivery.deliver(invitation.pk)

    invitation.refresh_from_db()
    assert invitation.status == OutboxMessage.Status.SENT and invitation.sent_at
    assert holding("miriam") == [] and invitation.text_body == ""


def test_the_purge_runs_daily():
    assert (purge_old_mail, 24 * 3600) in periodic_tasks()


def test_a_failed_delivery_leaves_no_address_in_the_log(smtp_server, settings, caplog):
    message = queue_mail("kaveh@example.net", "Your link", "Dear Kaveh")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = closed.getsockname()[1]

    delivery.deliver(message.pk)

    assert "The mail server cannot be reached" in caplog.text
    assert "kaveh" not in caplog.text.lower()

    settings.EMAIL_PORT = 25  # a recipient's own refusal is logged per message, still without the address
    with patch.object(delivery, "send", side_effect=smtplib.SMTPRecipientsRefused(
            {"kaveh@example.net": (451, b"4.2.1 kaveh@example.net busy")})):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        delivery.deliver(message.pk)
    assert f"Mail {message.pk} failed" in caplog.text
    assert "kaveh" not in caplog.text.lower()
