"""What the outbox holds on a supporter: their data export, their erasure, and how a message is emptied (also
by the retention purge, actions.purge_expired_mail)."""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from clarion.core import supporter_data
from clarion.core.emails import canonical_email, split_address
from clarion.mail import deferred
from clarion.mail.models import OutboxMessage

# What a message keeps once emptied: enough for the outbox admin and delivery figures, nothing about anyone.
EMPTIED = {"to": "", "reply_to": "", "subject": "", "text_body": "", "html_body": "", "headers": {}, "context": {},
           "attachments": []}


def _spelled_as(field, supporter):
    """Rows whose `field` (to, reply_to) is any spelling of the supporter's address (case, dots, +tags, aliases)."""
    domain = split_address(supporter.canonical_email)[1]
    domains = {domain} | {alias for alias, target in settings.CLARION_EMAIL_DOMAIN_ALIASES.items() if target == domain}
    on_domain = Q()
    for name in domains:
        on_domain |= Q(**{f"{field}__iendswith": f"@{name}"})
    # One person's mail is found among their domain's rows by its canonical form (erasure is rare).
    pks = [pk for pk, address in OutboxMessage.objects.filter(on_domain).values_list("pk", field).iterator()
           if canonical_email(address) == supporter.canonical_email]
    return OutboxMessage.objects.filter(pk__in=pks)


def _about(supporter):
    """Rows to them, or written from a recipe that names their data (a signature's mail, whatever its address)."""
    about = Q(pk__in=_spelled_as("to", supporter).values("pk"))
    for builder, argument, values in deferred.recipes_concerning(supporter):
        about |= Q(context__builder=builder, **{f"context__arguments__{argument}__in": list(values)})
    return OutboxMessage.objects.filter(about)


def export(supporter):
    return [{"to": m.to, "subject": m.subject or deferred.subject(m), "created_at": m.created_at.isoformat(),
             "status": m.status, "sent_at": m.sent_at.isoformat() if m.sent_at else None}
            for m in _about(supporter).order_by("created_at")]


def empty(messages, now, reason):
    """Keep status, dates and template of `messages`; what is still waiting is given up, never sent empty."""
    rows = OutboxMessage.objects.filter(pk__in=list(messages.values_list("pk", flat=True)))
    emptied = rows.exclude(status=OutboxMessage.Status.PENDING).update(purged_at=now, last_error="", **EMPTIED)
    return emptied + rows.filter(status=OutboxMessage.Status.PENDING).update(
        status=OutboxMessage.Status.FAILED, next_attempt_at=None, last_error=reason, purged_at=now, **EMPTIED)


def erase(supporter):
    """Mail to them or about them goes; mail that named them as its sender (an invitation's Reply-To, their
    name in its text) is emptied, and not sent if it still waits."""
    _about(supporter).delete()
    empty(_spelled_as("reply_to", supporter), timezone.now(), "No longer wanted: the person it came from was erased.")


def register():
    supporter_data.register_export("emails", export)
    supporter_data.register_erasure(erase)
