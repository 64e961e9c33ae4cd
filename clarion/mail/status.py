"""The outbox in `manage.py status`: how many messages in each state, and how long the oldest unsent one waits."""

from django.db.models import Count, Min
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clarion.core.status import Section, age_seconds
from clarion.mail.models import OutboxMessage


def outbox_section(now, limits):
    counts = dict(OutboxMessage.objects.order_by().values_list("status").annotate(n=Count("pk")))
    oldest = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).aggregate(at=Min("created_at"))["at"]
    age = age_seconds(now, oldest)
    section = Section(_("Outbox"), {"by_status": counts, "oldest_pending_seconds": age})
    if age is not None and age > limits.mail_late_seconds:
        section.problems.append(gettext(
            "Mail waiting to be sent: %(waiting)s, the oldest for %(age)s s: is the worker running, does the mail "
            "server answer?") % {"waiting": counts[OutboxMessage.Status.PENDING], "age": age})
    return section
