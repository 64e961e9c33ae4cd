"""Mailings going out, in `manage.py status`: each one's progress and its sending tasks' last sign of life."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clarion.alerts.models import MailingStatus
from clarion.alerts.progress import mailings_in_progress
from clarion.core.status import Section, age_seconds


def mailings_section(now, limits):
    section, going = Section(_("Mailings in progress")), []
    for mailing, progress in mailings_in_progress(now):
        quiet = age_seconds(now, mailing.heartbeat_at or mailing.started_at)
        going.append({"id": mailing.pk, "subject": mailing.subject, "status": mailing.status,
                      "sent": progress["sent"], "remaining": progress["remaining"], "total": progress["total"],
                      "last_sign_of_life_seconds": quiet})
        if mailing.status == MailingStatus.SENDING and quiet is not None and quiet > limits.worker_quiet_seconds:
            section.problems.append(gettext(
                "Mailing %(id)s “%(subject)s” is sending but its tasks have been quiet for %(quiet)s s") % {
                "id": mailing.pk, "subject": mailing.subject, "quiet": quiet})
    section.facts = {"mailings": going}
    return section
