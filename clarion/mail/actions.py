"""The one door for outgoing mail: write it to the outbox now, deliver it after the commit.

`acting_user` is taken as by every action; nothing is logged here: the outbox row is the record, and the
action that queued the mail logs what staff did."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from clarion.mail import attachments as attach
from clarion.mail import conf, deferred, letters, privacy
from clarion.mail.models import OutboxMessage
from clarion.mail.rounds import wake_delivery


def _queue(**fields):
    """Record a message in the outbox inside the caller's transaction; delivery starts once it commits."""
    message = OutboxMessage.objects.create(next_attempt_at=timezone.now(), **fields)
    transaction.on_commit(wake_delivery)
    return message


def queue_mail(to, subject, text_body, html_body="", reply_to="", headers=None, template="", *, attachments=(),
               acting_user=None):
    """Queue a message that is already written (`template`: what it was written from, kept after its text goes).
    `attachments`: files in the data folder, read when the message is sent (clarion.mail.attachments)."""
    return _queue(to=to, subject=subject, text_body=text_body, html_body=html_body, reply_to=reply_to,
                  headers=headers or {}, template=template, attachments=attach.describe(attachments))


def queue_templated_mail(to, template, context, reply_to="", headers=None, *, attachments=(), acting_user=None):
    """Render templates/mail/<template>.{subject.txt,html} with `context` and queue the message (see letters)."""
    subject, text_body, html_body = letters.render(template, context)
    return queue_mail(to, subject, text_body, html_body, reply_to=reply_to, headers=headers, template=template,
                      attachments=attachments)


def queue_deferred_mail(to, template, builder, *, acting_user=None, **arguments):
    """Queue templates/mail/<template> to be rendered at delivery, with the context that the builder
    registered as `builder` makes from `arguments` (JSON values) then (see clarion.mail.deferred)."""
    return _queue(to=to, template=template, context=deferred.recipe(builder, arguments))


def purge_expired_mail(now=None, *, acting_user=None):
    """Empty sent and given-up messages older than the retention period; a message still waiting is never
    touched, however old. Returns how many were emptied."""
    days = conf.retention_days()
    if not days:
        return 0
    now = now or timezone.now()
    expired = OutboxMessage.objects.filter(purged_at__isnull=True, created_at__lt=now - timedelta(days=days),
                                           status__in=[OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED])
    emptied = 0
    while batch := list(expired.values_list("pk", flat=True)[: conf.retention_batch()]):
        emptied += privacy.empty(OutboxMessage.objects.filter(pk__in=batch), now, "")
    return emptied
