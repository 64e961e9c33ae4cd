"""Sending one outbox row through Django's e-mail backend, at most once per successful claim."""

import logging
import time
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connections
from django.db.models import F
from django.utils import timezone

from clarion.core import memo, outage
from clarion.core.lease import Renewal, lease_seconds
from clarion.mail import attachments, deferred, refusals
from clarion.mail.models import OutboxMessage
from clarion.mail.signals import address_refused
from clarion.organisation.identity import current

logger = logging.getLogger(__name__)


def backoff(attempts):
    """Seconds before the next try: 30 s, 1 min, 2 min, … capped at one hour."""
    return min(30 * 2 ** max(attempts - 1, 0), 3600)


def claim(pk):
    """Take the message for sending, for a lease the sender renews (clarion.core.lease) so two workers never send
    it at the same time; False when it is sent, given up, or taken by another worker."""
    now = timezone.now()
    return bool(
        OutboxMessage.objects.filter(pk=pk, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
        .update(attempts=F("attempts") + 1, next_attempt_at=now + timedelta(seconds=lease_seconds()))
    )


def hold(message):
    """Renew the claim while the message is being sent. Each claim counts an attempt, so `attempts` tells this
    claim from a later one by another worker: a claim taken back is not renewed for the new holder."""
    def renew():
        return bool(OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.PENDING,
                                                 attempts=message.attempts)
                    .update(next_attempt_at=timezone.now() + timedelta(seconds=lease_seconds())))
    return Renewal(renew)


@contextmanager
def open_connection():
    """One backend connection for a round of messages; it reconnects by itself if the server drops it."""
    connection = get_connection()
    try:
        yield connection
    finally:
        try:
            connection.close()
        except Exception as error:  # closing a broken connection must not hide what was sent
            logger.warning("Closing the mail connection failed: %s", error)


def send(message, connection=None):
    if connection is not None:
        # Opened here, not by send(): a connection the backend opens itself is closed after one message.
        connection.open()
    identity = current()
    reply_to = message.reply_to or identity.reply_to
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text_body,
        from_email=identity.from_email,
        to=[message.to],
        reply_to=[reply_to] if reply_to else None,
        headers=message.headers or None,
        connection=connection,
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    attachments.attach(email, message.attachments)
    email.send()


# What deliver() reports, so a round knows whether to go on.
SENT, WAITING, FAILED, SERVER_TROUBLE = "sent", "waiting", "failed", "server trouble"
# A message the whole server refused (down, "log in first", relaying denied) waits this long, first in line again.
SERVER_PAUSE_SECONDS = 30
SERVER_WARN_SECONDS = 60
_server_warned = memo.kept_dict(f"{__name__}.server_warned")


def deliver(pk, connection=None):
    """Send one message; on failure schedule the next try. Returns SENT, WAITING (for a retry or a claim held
    elsewhere), FAILED (for good) or SERVER_TROUBLE (nothing else will go through this server now either)."""
    if not claim(pk):
        return WAITING
    message = OutboxMessage.objects.get(pk=pk)
    try:
        if not deferred.write(message):
            _fail(pk, "No longer wanted: what it was about is gone.")
            return FAILED
        with hold(message):
            send(message, connection)
    except attachments.Gone as gone:
        _fail(pk, f"No longer wanted: its attachment {gone} is gone.")
        return FAILED
    except Exception as error:  # any backend failure: keep the message and try again later, unless refused for good
        return _failed(message, error, connection)
    _record_sent(message)
    return SENT


def _record_sent(message):
    """Mark the message sent. It has gone: if the database restarts just now, keep trying while our claim still
    holds (half a lease; the claim was renewed at most a quarter lease ago), or the sweep would send it again."""
    deadline = time.monotonic() + lease_seconds() / 2
    while True:
        try:
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxMessage.Status.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error="",
                **deferred.written_fields(message),
            )
            return
        except outage.DATABASE_ERRORS:
            if time.monotonic() >= deadline:
                raise
            connection = connections[OutboxMessage.objects.db]
            if not connection.in_atomic_block:  # the dropped connection is closed; the next try opens a fresh one
                connection.close_if_unusable_or_obsolete()
            time.sleep(0.5)


def _fail(pk, why):
    OutboxMessage.objects.filter(pk=pk).update(status=OutboxMessage.Status.FAILED, next_attempt_at=None,
                                               last_error=why[:2000])


def _failed(message, error, connection):
    verdict = refusals.judge(error)
    if verdict.final:
        # smtplib reset the session after the refusal: the connection serves the next message as it is.
        _fail(message.pk, f"Refused for good: {verdict.answer}")
        logger.warning("Mail %s refused for good (%s)", message.pk, verdict.answer[:3])
        if verdict.address:
            address_refused.send(sender=OutboxMessage, address=message.to, answer=verdict.answer)
        return FAILED
    _reset(connection)
    if verdict.session:
        return _server_trouble(message, error, verdict)
    give_up = message.attempts >= settings.CLARION_OUTBOX_MAX_ATTEMPTS
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.FAILED if give_up else OutboxMessage.Status.PENDING,
        next_attempt_at=None if give_up else timezone.now() + timedelta(seconds=backoff(message.attempts)),
        # The server's words, as for a refusal for good: the outbox shows them, not smtplib's repr of the error.
        last_error=f"Refused for now: {verdict.answer}"[:2000],
    )
    # The address and the server's words (which often quote it) stay in the row, purged on schedule, not in logs.
    logger.warning("Mail %s failed (attempt %s): %s", message.pk, message.attempts, type(error).__name__)
    return FAILED if give_up else WAITING


def _server_trouble(message, error, verdict):
    """The server is down or refuses us as a whole: that says nothing about this message, so the try does not
    count towards giving it up (an outage longer than the back-off, about an hour, must not cost signers their
    confirmation mail), and the round stops instead of trying every waiting message against the same server."""
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=F("attempts") - 1, last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=timezone.now() + timedelta(seconds=SERVER_PAUSE_SECONDS),
    )
    now = time.monotonic()
    if now - _server_warned.get("at", float("-inf")) >= SERVER_WARN_SECONDS:  # once a minute, not per message
        _server_warned["at"] = now
        if verdict.misconfigured:
            logger.error("The mail server refuses to take mail from us (%s): check EMAIL_URL, its login and "
                         "DEFAULT_FROM_EMAIL. Messages wait and are retried.", verdict.answer[:3])
        else:
            logger.warning("The mail server cannot be reached (%s): messages wait and are retried.",
                           type(error).__name__)
    return SERVER_TROUBLE


def _reset(connection):
    """After a failure the SMTP session may be half-way through a message: start the next one afresh."""
    if connection is not None:
        try:
            connection.close()
        except Exception:  # already broken; the next send opens a new connection
            connection.connection = None


def due_messages(limit=500):
    return list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
