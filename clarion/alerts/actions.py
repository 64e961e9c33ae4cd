"""The one door for changing mailings: start, schedule, pause, resume, cancel, test, finish."""

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from wagtail.models import ModelLogEntry

from clarion.alerts import conf
from clarion.alerts.audience import audience, mailing_recipients
from clarion.alerts.compose import Composer
from clarion.alerts.models import Delivery, DeliveryStatus, Mailing, MailingStatus, PetitionUpdateOptOut
from clarion.alerts.signals import senders_wanted
from clarion.core import runs
from clarion.mail.actions import queue_mail
from clarion.supporters.models import Supporter

# Log actions recorded in each mailing's history, naming who pressed the button (nobody: the schedule).
SENT = "clarion.alerts.send"
SCHEDULED = "clarion.alerts.schedule"
PAUSED = "clarion.alerts.pause"
RESUMED = "clarion.alerts.resume"
CANCELLED = "clarion.alerts.cancel"
TESTED = "clarion.alerts.test"
FINISHED = "clarion.alerts.finish"


def stop_petition_updates(supporter, petition, *, acting_user=None):
    """No more updates about this petition for this signer; their other mail is untouched. Twice is harmless."""
    PetitionUpdateOptOut.objects.get_or_create(supporter=supporter, petition=petition)


def updates_stopped(supporter, petition):
    return PetitionUpdateOptOut.objects.filter(supporter=supporter, petition=petition).exists()


class MailingRefused(Exception):
    """What the organiser asked for cannot be done; the message says why."""


class AudienceChanged(MailingRefused):
    """The recipients differ materially from the number the organiser confirmed; nothing was sent."""

    def __init__(self, confirmed, count):
        super().__init__(_("The number of recipients changed from %(confirmed)s to %(count)s; nothing was sent.")
                         % {"confirmed": confirmed, "count": count})
        self.confirmed, self.count = confirmed, count


def _changed_materially(confirmed, count):
    return abs(count - confirmed) > confirmed * conf.confirm_margin_percent() / 100


def _enqueue_senders(mailing_id):
    senders_wanted.send(sender=Mailing, mailing_id=mailing_id, count=conf.senders())


def _create_deliveries(mailing):
    """One pending row per eligible recipient in one INSERT … SELECT; a repeat adds nobody twice."""
    eligible = mailing_recipients(mailing).values(recipient=F("pk"))
    select, params = eligible.query.sql_with_params()
    table = connection.ops.quote_name(Delivery._meta.db_table)
    # "WHERE 1 = 1" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    sql = (f"INSERT INTO {table} (mailing_id, supporter_id, status, attempts, refusals, claimed_by, error) "
           f"SELECT %s, eligible.recipient, %s, 0, 0, '', '' FROM ({select}) eligible WHERE 1 = 1 "
           f"ON CONFLICT DO NOTHING")
    with connection.cursor() as cursor:
        cursor.execute(sql, [mailing.pk, DeliveryStatus.PENDING, *params])
    return Delivery.objects.filter(mailing=mailing).count()


def _require_audience(mailing):
    everyone = audience(mailing)
    if everyone is None:
        raise MailingRefused(_("Choose a segment to send to first."))
    if mailing.update_for_id and not everyone.exists():
        raise MailingRefused(_("Nobody who signed “%(petition)s” can receive its updates.")
                             % {"petition": mailing.update_for.title})
    if not everyone.exists():
        raise MailingRefused(_("The segment “%(segment)s” has no mailable supporters: nobody would receive it.")
                             % {"segment": mailing.segment})


def _require_startable(mailing):
    if mailing.status not in (MailingStatus.DRAFT, MailingStatus.SCHEDULED):
        raise MailingRefused(_("This mailing is already %(status)s.") % {"status": mailing.get_status_display()})


def check_startable(mailing):
    """Raise MailingRefused, saying why, when the mailing cannot be sent now (asked before confirming)."""
    _require_startable(mailing)
    _require_audience(mailing)


def start_mailing(mailing, confirmed_count=None, *, acting_user=None):
    """Create the deliveries and start the senders; refused for an empty segment or a mailing already sent, and
    (rolled back) when the recipients differ materially from `confirmed_count`, the number the organiser saw.
    `acting_user` is who pressed Send now (None: the schedule)."""
    _require_audience(mailing)
    with transaction.atomic():
        _require_startable(Mailing.objects.select_for_update().get(pk=mailing.pk))
        everyone = audience(mailing).count()
        created = _create_deliveries(mailing)
        if confirmed_count is not None and _changed_materially(confirmed_count, created):
            raise AudienceChanged(confirmed_count, created)
        now = timezone.now()
        Mailing.objects.filter(pk=mailing.pk).update(
            status=MailingStatus.SENDING, started_at=now, heartbeat_at=now, next_batch_at=None,
            recipients_count=created, skipped_count=max(everyone - created, 0))
        ModelLogEntry.objects.log_action(mailing, SENT, user=acting_user,
                                         data={"recipients": created, "confirmed": confirmed_count})
        transaction.on_commit(lambda: _enqueue_senders(mailing.pk))
    mailing.refresh_from_db()
    return mailing


def schedule_mailing(mailing, when, *, dry_run=False, acting_user=None):
    """Send at `when`; with `dry_run`, only the refusals (a past time, no audience), before the organiser
    confirms."""
    if when <= timezone.now():
        raise MailingRefused(_("Choose a time in the future, or send now."))
    _require_audience(mailing)
    if dry_run:
        return
    with transaction.atomic():
        updated = Mailing.objects.filter(pk=mailing.pk, status__in=[MailingStatus.DRAFT, MailingStatus.SCHEDULED])
        if not updated.update(status=MailingStatus.SCHEDULED, scheduled_at=when):
            raise MailingRefused(_("Only a draft can be scheduled."))
        ModelLogEntry.objects.log_action(mailing, SCHEDULED, user=acting_user, data={"send_at": when.isoformat()})
    mailing.refresh_from_db()


def _move(mailing, allowed, status, refusal, *, log, acting_user, **changes):
    with transaction.atomic():
        if not Mailing.objects.filter(pk=mailing.pk, status__in=allowed).update(status=status, **changes):
            raise MailingRefused(refusal)
        ModelLogEntry.objects.log_action(mailing, log, user=acting_user)
    mailing.refresh_from_db()


def pause_mailing(mailing, *, acting_user=None):
    """Workers stop before their next batch; the batch in flight is finished and marked."""
    _move(mailing, [MailingStatus.SENDING], MailingStatus.PAUSED, _("Only a mailing that is sending can be paused."),
          log=PAUSED, acting_user=acting_user)


def resume_mailing(mailing, *, acting_user=None):
    _move(mailing, [MailingStatus.PAUSED], MailingStatus.SENDING, _("Only a paused mailing can be resumed."),
          log=RESUMED, acting_user=acting_user, heartbeat_at=timezone.now())
    transaction.on_commit(lambda: _enqueue_senders(mailing.pk))


def cancel_mailing(mailing, *, acting_user=None):
    """Nobody else receives it; messages already sent stay recorded as sent."""
    with transaction.atomic():
        _move(mailing, [MailingStatus.SCHEDULED, MailingStatus.SENDING, MailingStatus.PAUSED],
              MailingStatus.CANCELLED, _("Only a scheduled, sending or paused mailing can be cancelled."),
              log=CANCELLED, acting_user=acting_user, finished_at=timezone.now())
        Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.CANCELLED)


def stand_in_for(user):
    """The supporter a test message is addressed as: the user's own supporter record, or a look-alike."""
    supporter = Supporter.objects.filter(email__iexact=user.email).first()
    name = user.get_full_name() or user.get_username()
    return supporter or Supporter(email=user.email, name=name, referral_code="test-message")


def send_test_mailing(mailing, *, acting_user):
    """The mailing as `acting_user` would receive it, to their own address, through the outbox; its preferences
    and unsubscribe links are placeholders (a test is forwarded and kept; it must not manage anyone's account)."""
    if not acting_user.email:
        raise MailingRefused(_("Your account has no e-mail address, so no test can be sent to you. "
                               "Add one under Account › E-mail address."))
    subject, text, html, headers = Composer(mailing, sample_links=True).render(stand_in_for(acting_user))
    with transaction.atomic():
        message = queue_mail(acting_user.email, _("[Test] %(subject)s") % {"subject": subject}, text, html,
                             headers=headers)
        ModelLogEntry.objects.log_action(mailing, TESTED, user=acting_user)
    return message


def finish_mailing(mailing_id, *, acting_user=None):
    """Mark a sending mailing sent once no delivery is waiting or claimed; True when it is (or was) finished.
    Called by the senders, so the history names nobody: the system finished it."""
    left = Delivery.objects.filter(mailing_id=mailing_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.CLAIMED])
    if left.exists():
        return False
    with transaction.atomic():
        if Mailing.objects.filter(pk=mailing_id, status=MailingStatus.SENDING).update(
                status=MailingStatus.SENT, finished_at=timezone.now()):
            sent = Delivery.objects.filter(mailing_id=mailing_id, status=DeliveryStatus.SENT).count()
            ModelLogEntry.objects.log_action(Mailing.objects.get(pk=mailing_id), FINISHED, user=acting_user,
                                             data={"sent": sent})
    return True


def start_due_mailings(now=None, *, acting_user=None):
    due = Mailing.objects.filter(status=MailingStatus.SCHEDULED, scheduled_at__lte=now or timezone.now())
    for mailing in due.select_related("segment"):
        try:
            start_mailing(mailing, acting_user=acting_user)
        except MailingRefused as refusal:
            if Mailing.objects.filter(pk=mailing.pk, status=MailingStatus.SCHEDULED).update(
                    status=MailingStatus.CANCELLED, finished_at=timezone.now()):
                ModelLogEntry.objects.log_action(mailing, CANCELLED, user=acting_user,
                                                 data={"reason": str(refusal)})


# A mailing with no sign of life this long gets fresh senders whatever the queue says: the backstop for a
# sender that waits in a queue no worker takes from (far longer than a lease, so restarts cannot pile up).
QUIET_SECONDS = 300
SENDER_PATH = "clarion.alerts.sending.send_mailing"


def restart_stalled_mailings(now=None, *, acting_user=None):
    """Sending mailings whose senders died get fresh ones a lease after the last sign of life: a running sender
    renews the mailing's heartbeat every quarter lease (clarion.core.lease), so a heartbeat older than a lease
    means no sender runs. It is restarted when it died holding deliveries (their claims went stale too), or
    when no sender of it waits in the task queue and a recipient is due (one waiting for a retry later is
    not); after QUIET_SECONDS, whatever the queue says."""
    now = now or timezone.now()
    lease_ago = now - timedelta(seconds=conf.claim_timeout())
    abandoned = Delivery.objects.filter(mailing=OuterRef("pk"), status=DeliveryStatus.CLAIMED,
                                        claimed_at__lt=lease_ago)
    due = Delivery.objects.filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now), mailing=OuterRef("pk"),
                                  status=DeliveryStatus.PENDING)
    quiet = Q(heartbeat_at__lt=lease_ago, status=MailingStatus.SENDING)
    idle = list(Mailing.objects.filter(quiet, Exists(due)).exclude(Exists(abandoned)).values_list("pk", flat=True))
    waiting = _senders_waiting() if idle else set()
    stalled = (Q(heartbeat_at__lt=lease_ago) & (Exists(abandoned) | Q(pk__in=set(idle) - waiting))
               | Q(heartbeat_at__lt=now - timedelta(seconds=QUIET_SECONDS)))
    for pk in Mailing.objects.filter(stalled, status=MailingStatus.SENDING).values_list("pk", flat=True):
        # The conditional update makes two sweeps at once restart it only once.
        if Mailing.objects.filter(stalled, pk=pk).update(heartbeat_at=now):
            _enqueue_senders(pk)


def _senders_waiting():
    """Ids of the mailings with a sender queued or scheduled (not yet running) in the task backend."""
    return {result.args[0] for result in runs.unfinished([SENDER_PATH])
            if result.status == TaskResultStatus.READY and result.args}
