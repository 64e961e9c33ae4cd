"""Sending one mailing in batches, from any number of workers, without skipping anyone.

Each recipient has one Delivery row (unique per mailing and supporter). A worker claims a batch
(status=claimed, claimed_at, its own token) in one short transaction — on PostgreSQL with
SELECT … FOR UPDATE SKIP LOCKED, on SQLite under the write lock its IMMEDIATE transactions take — then
renders and sends the batch over SMTP connections it keeps open, and marks every row sent or failed right
after the batch. While it sends, a thread renews its claim (claimed_at) and the mailing's heartbeat every
quarter of CLARION_LEASE_SECONDS (clarion.core.lease); rows whose claim was not renewed for a lease are claimed
again, so a dead worker's batch is sent by another within seconds while a slow live one keeps its own.

Duplicate bound: a worker that dies (SIGKILL, power loss) after handing messages to the SMTP server but
before marking them leaves at most one claimed batch behind, so at most CLARION_ALERTS_BATCH_SIZE
recipients per crashed worker may receive the mailing twice; nobody is skipped. A live worker whose renewals
fail stops before its next message once its lease is no longer safely held, and one frozen longer than a
lease (its renewing thread frozen with it) can likewise cause at most one batch of duplicates.
"""

import logging
import smtplib
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, F, Min, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from clarion.alerts import conf
from clarion.alerts.actions import QUIET_SECONDS, finish_mailing
from clarion.alerts.compose import Composer
from clarion.alerts.mime import alert_connection
from clarion.alerts.models import Delivery, DeliveryStatus, Mailing, MailingStatus, PetitionUpdateOptOut
from clarion.config import setting
from clarion.core.lease import Renewal
from clarion.mail import refusals
from clarion.mail.delivery import backoff
from clarion.supporters.actions import record_refusal

logger = logging.getLogger(__name__)

# A recipient whose message keeps crashing or stalling its worker is given up after this many claims.
MAX_ATTEMPTS = 3
SUPPORTER_FIELDS = [f"supporter__{name}" for name in ("email", "name", "country", "language", "referral_code",
                                                       "token_version", "subscribed", "undeliverable_at", "erased_at")]
# The address cannot even be written into the message: another try would fail the same way.
UNWRITABLE = (UnicodeError, ValueError)


def claim_batch(mailing_id, token, size):
    """Take up to `size` waiting (or abandoned) deliveries for this worker; returns their ids."""
    now = timezone.now()
    abandoned = Q(status=DeliveryStatus.CLAIMED, claimed_at__lt=now - timedelta(seconds=conf.claim_timeout()))
    due = Q(status=DeliveryStatus.PENDING) & (Q(retry_at__isnull=True) | Q(retry_at__lte=now))
    waiting = Delivery.objects.filter(due | abandoned, mailing_id=mailing_id)
    with transaction.atomic():
        ids = list(waiting.select_for_update(skip_locked=True).order_by("pk").values_list("pk", flat=True)[:size])
        if ids:
            Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.CLAIMED, claimed_at=now,
                                                       claimed_by=token, attempts=F("attempts") + 1)
    return ids


def _claimed(ids, token):
    # Whether the recipient stopped the updates of the petition the mailing is an update about (False otherwise).
    stopped = PetitionUpdateOptOut.objects.filter(supporter=OuterRef("supporter_id"),
                                                  petition=OuterRef("mailing__update_for_id"))
    return list(Delivery.objects.filter(pk__in=ids, claimed_by=token, status=DeliveryStatus.CLAIMED)
                .select_related("supporter").only("pk", "supporter_id", *SUPPORTER_FIELDS)
                .annotate(stopped_updates=Exists(stopped)))


def unwanted(delivery, update):
    """Whether the recipient may no longer be mailed: for a petition update, erased, bouncing or having stopped
    that petition's updates; for any other mailing, no longer opted in as well."""
    supporter = delivery.supporter
    if supporter.undeliverable_at or supporter.erased_at:
        return True
    return delivery.stopped_updates if update else not supporter.subscribed


class Outcome:
    def __init__(self):
        self.sent, self.released, self.skipped, self.failed = [], [], [], {}
        # Refused for now (4xx): {delivery id: the server's answer}; refused for good, the address's fault: supporters.
        self.deferred, self.refused = {}, []

    def fail(self, pk, error):
        why = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        self.failed.setdefault(why[:300], []).append(pk)

    def add(self, other):
        self.sent += other.sent
        self.released += other.released
        self.skipped += other.skipped
        self.deferred |= other.deferred
        self.refused += other.refused
        for error, ids in other.failed.items():
            self.failed.setdefault(error, []).extend(ids)


class Sender:
    """A few SMTP connections, one per thread, kept open from batch to batch."""

    def __init__(self, composer, connections):
        self.composer = composer
        self.connections = [alert_connection() for _ in range(connections)]
        self.pool = ThreadPoolExecutor(max_workers=connections, thread_name_prefix="alerts-smtp")

    def close(self):
        self.pool.shutdown()
        for connection in self.connections:
            try:
                connection.close()
            except Exception:  # a connection already broken has nothing left to close
                logger.debug("closing a broken SMTP connection", exc_info=True)

    def send(self, deliveries, held=lambda: True):
        """Send each delivery while `held()` says the claim on them is still this worker's."""
        chunks = [deliveries[n::len(self.connections)] for n in range(len(self.connections))]
        outcome = Outcome()
        for part in self.pool.map(self._send_chunk, self.connections, chunks, [held] * len(chunks)):
            outcome.add(part)
        return outcome

    def _send_chunk(self, connection, deliveries, held):
        outcome = Outcome()
        for index, delivery in enumerate(deliveries):
            if not held():
                # Our lease may have been taken back: leave the rest to whoever holds them now.
                outcome.released += [d.pk for d in deliveries[index:]]
                break
            supporter = delivery.supporter
            if unwanted(delivery, self.composer.update_for is not None):
                outcome.skipped.append(delivery.pk)
                continue
            try:
                connection.open()
                connection.send_messages([self.composer.message(supporter, connection)])
            except UNWRITABLE as error:
                outcome.fail(delivery.pk, error)
            except (smtplib.SMTPException, OSError) as error:
                if not self._judged(delivery, error, outcome):
                    # The server or the network is the trouble, not the address: give the rest back for later.
                    self._discard(connection)
                    outcome.released += [d.pk for d in deliveries[index:]]
                    break
            else:
                outcome.sent.append(delivery.pk)
        return outcome

    @staticmethod
    def _judged(delivery, error, outcome):
        """Record a refusal of this one recipient (smtplib has reset the session); False when the whole
        session is the trouble (see clarion.mail.refusals)."""
        verdict = refusals.judge(error)
        if verdict.final:
            outcome.fail(delivery.pk, f"Refused for good: {verdict.answer}")
            if verdict.address:
                outcome.refused.append((delivery.supporter, verdict.answer))
            return True
        if not verdict.session:
            outcome.deferred[delivery.pk] = verdict.answer
            return True
        if verdict.misconfigured:
            logger.error("The mail server refuses to take the alert from us (%s): check EMAIL_URL, its login and "
                         "DEFAULT_FROM_EMAIL. Sending waits and is retried.", verdict.answer[:3])
        else:
            logger.warning("SMTP connection failed: %s", type(error).__name__)
        return False

    @staticmethod
    def _discard(connection):
        try:
            connection.close()
        except Exception:  # closing a dead socket may raise again
            connection.connection = None


def mark(outcome, token):
    """Record a batch's results in a few bulk updates (one per kind of result)."""
    mine = Delivery.objects.filter(claimed_by=token, status=DeliveryStatus.CLAIMED)
    if outcome.sent:
        mine.filter(pk__in=outcome.sent).update(status=DeliveryStatus.SENT, sent_at=timezone.now(), error="")
    if outcome.skipped:
        mine.filter(pk__in=outcome.skipped).update(status=DeliveryStatus.SKIPPED)
    if outcome.released:
        # Given back unsent by a live worker: not a crashed attempt (those are what MAX_ATTEMPTS counts).
        mine.filter(pk__in=outcome.released).update(status=DeliveryStatus.PENDING, claimed_by="",
                                                    attempts=F("attempts") - 1)
    for error, ids in outcome.failed.items():
        mine.filter(pk__in=ids).update(status=DeliveryStatus.FAILED, error=error)
    for pk, answer in outcome.deferred.items():
        _defer(mine.filter(pk=pk), answer)
    for supporter, answer in outcome.refused:
        record_refusal(supporter.email, answer, acting_user=None)


def _defer(delivery, answer):
    """A recipient refused for now (4xx): back off as the outbox does, and give up after as many refusals."""
    refused = (delivery.values_list("refusals", flat=True).first() or 0) + 1
    if refused >= setting("CLARION_OUTBOX_MAX_ATTEMPTS"):
        delivery.update(status=DeliveryStatus.FAILED, refusals=refused, error=f"Gave up: {answer}"[:300])
        return
    delivery.update(status=DeliveryStatus.PENDING, claimed_by="", attempts=F("attempts") - 1, refusals=refused,
                    retry_at=timezone.now() + timedelta(seconds=backoff(refused)), error=answer)


def wait_for_turn(mailing_id, size):
    """The throttle: reserve the next slot for `size` messages on the mailing row and sleep until it comes."""
    per_minute = conf.throttle_per_minute()
    if per_minute <= 0:
        return
    now = timezone.now()
    with transaction.atomic():
        slot = Mailing.objects.select_for_update().filter(pk=mailing_id).values_list("next_batch_at", flat=True)
        start = max(now, slot.first() or now)
        Mailing.objects.filter(pk=mailing_id).update(next_batch_at=start + timedelta(seconds=size * 60 / per_minute))
    time.sleep(max((start - now).total_seconds(), 0))


def batch_size():
    per_minute = conf.throttle_per_minute()
    # Under a throttle, send about a second's worth at a time so the pace is even rather than bursty.
    return min(conf.batch_size(), max(per_minute // 60, 1)) if per_minute > 0 else conf.batch_size()


def _give_up_on_repeats(ids, token):
    """Deliveries claimed too often (their worker died each time) are marked failed instead of tried again."""
    worn = Delivery.objects.filter(pk__in=ids, claimed_by=token, attempts__gt=MAX_ATTEMPTS)
    worn.update(status=DeliveryStatus.FAILED, error="Gave up: its worker stopped during every attempt.")


def renewal(mailing_id, token):
    """The lease on this worker's claimed deliveries and its sign of life on the mailing."""
    def renew():
        now = timezone.now()
        Delivery.objects.filter(mailing_id=mailing_id, status=DeliveryStatus.CLAIMED, claimed_by=token).update(
            claimed_at=now)
        Mailing.objects.filter(pk=mailing_id, status=MailingStatus.SENDING).update(heartbeat_at=now)
    return Renewal(renew)


def send_for_a_while(mailing_id, seconds):
    """Send batches until the mailing is done, paused or cancelled ("stopped"), time is up ("continue"), or the
    SMTP server is unreachable ("retry", later)."""
    mailing = Mailing.objects.select_related("petition").filter(pk=mailing_id).first()
    if mailing is None or mailing.status != MailingStatus.SENDING:
        return "stopped"
    token, size, deadline = uuid.uuid4().hex, batch_size(), time.monotonic() + seconds
    sender = Sender(Composer(mailing), conf.connections())
    try:
        with renewal(mailing_id, token) as lease:
            return _send_batches(mailing_id, token, size, deadline, sender, lease)
    finally:
        sender.close()


def _send_batches(mailing_id, token, size, deadline, sender, lease):
    while time.monotonic() < deadline:
        if not Mailing.objects.filter(pk=mailing_id, status=MailingStatus.SENDING).update(
                heartbeat_at=timezone.now()):
            return "stopped"
        # Claimed before waiting for the turn: a sender that dies anywhere in here leaves claims that go stale,
        # which is how restart_stalled_mailings tells a dead sender from one queued behind other tasks.
        ids = claim_batch(mailing_id, token, size)
        if not ids:
            if not finish_mailing(mailing_id, acting_user=None):
                _sweep_again_for_retries(mailing_id)
            return "stopped"
        _give_up_on_repeats(ids, token)
        wait_for_turn(mailing_id, size)
        outcome = sender.send(_claimed(ids, token), held=lease.held)
        mark(outcome, token)
        if outcome.released:
            return "retry"
    return "continue"


def _sweep_again_for_retries(mailing_id):
    """Only recipients refused for now are left: rather than a task waiting on the queue, let the scheduler's
    sweep of quiet mailings (actions.restart_stalled_mailings, QUIET_SECONDS without a sign of life and nothing
    claimed) start senders again when the first retry is due."""
    first = Delivery.objects.filter(mailing_id=mailing_id, status=DeliveryStatus.PENDING,
                                    retry_at__isnull=False).aggregate(first=Min("retry_at"))["first"]
    if first is not None:
        # Only ever earlier: a later heartbeat would hide a sender that died holding claims.
        quiet_from = first - timedelta(seconds=QUIET_SECONDS)
        Mailing.objects.filter(pk=mailing_id, status=MailingStatus.SENDING, heartbeat_at__gt=quiet_from).update(
            heartbeat_at=quiet_from)


# After the SMTP server refused to talk, wait this long before the next try.
RETRY_SECONDS = 30


@task()
def send_mailing(mailing_id):
    """One sender: send batches for a few minutes, then hand over to a fresh task (RQ jobs have a timeout)."""
    outcome = send_for_a_while(mailing_id, conf.task_seconds())
    if outcome == "continue":
        send_mailing.enqueue(mailing_id)
    elif outcome == "retry":
        send_mailing.using(run_after=timezone.now() + timedelta(seconds=RETRY_SECONDS)).enqueue(mailing_id)


def queue_senders(sender, *, mailing_id, count, **kwargs):
    """The answer to signals.senders_wanted (connected in AlertsConfig.ready)."""
    for _n in range(count):
        send_mailing.enqueue(mailing_id)
