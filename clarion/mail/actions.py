"""The one door for outgoing mail: write it to the outbox now, deliver it after the commit."""

from django.db import transaction
from django.utils import timezone

from clarion.mail import deferred, letters
from clarion.mail.models import OutboxMessage
from clarion.mail.tasks import wake_delivery


def _queue(**fields):
    """Record a message in the outbox inside the caller's transaction; delivery starts once it commits."""
    message = OutboxMessage.objects.create(next_attempt_at=timezone.now(), **fields)
    transaction.on_commit(wake_delivery)
    return message


def queue_mail(to, subject, text_body, html_body="", reply_to="", headers=None, template=""):
    """Queue a message that is already written (`template`: what it was written from, kept after its text goes)."""
    return _queue(to=to, subject=subject, text_body=text_body, html_body=html_body, reply_to=reply_to,
                  headers=headers or {}, template=template)


def queue_templated_mail(to, template, context, reply_to="", headers=None):
    """Render templates/mail/<template>.{subject.txt,html} with `context` and queue the message (see letters)."""
    subject, text_body, html_body = letters.render(template, context)
    return queue_mail(to, subject, text_body, html_body, reply_to=reply_to, headers=headers, template=template)


def queue_deferred_mail(to, template, builder, **arguments):
    """Queue templates/mail/<template> to be rendered at delivery, with the context that the builder
    registered as `builder` makes from `arguments` (JSON values) then (see clarion.mail.deferred)."""
    return _queue(to=to, template=template, context=deferred.recipe(builder, arguments))
