"""The one door for outgoing mail: write it to the outbox now, deliver it after the commit."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clarion.mail.models import OutboxMessage


def queue_mail(to, subject, text_body, html_body="", reply_to="", headers=None):
    """Record a message in the outbox inside the caller's transaction; delivery starts once it commits."""
    from clarion.mail.tasks import wake_delivery

    message = OutboxMessage.objects.create(
        to=to, subject=subject, text_body=text_body, html_body=html_body, reply_to=reply_to,
        headers=headers or {}, next_attempt_at=timezone.now(),
    )
    transaction.on_commit(wake_delivery)
    return message


def queue_templated_mail(to, template, context, reply_to="", headers=None):
    """Render templates/mail/<template>.{subject.txt,txt,html} with `context` and queue the message."""
    from django.template.loader import render_to_string

    context = {"site_name": settings.WAGTAIL_SITE_NAME, "base_url": settings.CLARION_BASE_URL, **context}
    subject = " ".join(render_to_string(f"mail/{template}.subject.txt", context).split())
    text_body = render_to_string(f"mail/{template}.txt", context)
    html_body = render_to_string(f"mail/{template}.html", context)
    return queue_mail(to, subject, text_body, html_body, reply_to=reply_to, headers=headers)
