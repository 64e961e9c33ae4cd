"""The one door for outgoing mail: write it to the outbox now, deliver it after the commit."""

from django.db import transaction
from django.utils import timezone

from clarion.mail.models import OutboxMessage


def queue_mail(to, subject, text_body, html_body="", reply_to="", headers=None):
    """Record a message in the outbox inside the caller's transaction; delivery starts once it commits."""
    from clarion.mail.tasks import deliver_message

    message = OutboxMessage.objects.create(
        to=to, subject=subject, text_body=text_body, html_body=html_body, reply_to=reply_to,
        headers=headers or {}, next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
    return message
