"""Periodic work, enqueued through the one TASKS backend so any worker on any host can run it."""

import time

from django.conf import settings

from clarion.accounts.tasks import SWEEP_SECONDS, forget_old_sign_in_failures
from clarion.alerts.tasks import run_mailings
from clarion.core.tasks import prune_task_results, publish_scheduled_content
from clarion.dashboard.tasks import roll_up_hourly_figures
from clarion.mail.tasks import deliver_due_mail, purge_old_mail
from clarion.petitions import tasks as petition_tasks
from clarion.spread import tasks as spread_tasks
from clarion.supporters import tasks as supporter_tasks

DAY = 24 * 3600


def periodic_tasks():
    """(task, seconds between runs)."""
    return [
        (petition_tasks.count_signatures, settings.CLARION_COUNT_INTERVAL),
        (publish_scheduled_content, settings.CLARION_SCHEDULE_INTERVAL),
        (run_mailings, settings.CLARION_SCHEDULE_INTERVAL),
        (deliver_due_mail, settings.CLARION_MAIL_SWEEP_INTERVAL),
        (petition_tasks.recount_petitions, DAY),
        (petition_tasks.apply_privacy_rules, DAY),
        (prune_task_results, DAY),
        (purge_old_mail, DAY),
        (supporter_tasks.erase_expired_supporters, DAY),
        (supporter_tasks.forget_consent_ips, DAY),
        (forget_old_sign_in_failures, SWEEP_SECONDS),
        (spread_tasks.send_invitations, settings.CLARION_SCHEDULE_INTERVAL),
        (spread_tasks.purge_invitation_data, DAY),
        (roll_up_hourly_figures, settings.CLARION_SCHEDULE_INTERVAL),
    ]


class Schedule:
    """Enqueues each task when its interval has passed and its previous run has finished."""

    def __init__(self):
        self.last_run = {}
        self.last_result = {}

    def _busy(self, periodic):
        result = self.last_result.get(periodic.module_path)
        if result is None:
            return False
        try:
            result.refresh()
        except Exception:  # a pruned or unknown result is not a reason to stop scheduling
            return False
        return not result.is_finished

    def tick(self, now=None):
        now = now if now is not None else time.monotonic()
        enqueued = []
        for periodic, interval in periodic_tasks():
            due = now - self.last_run.get(periodic.module_path, float("-inf")) >= interval
            if due and not self._busy(periodic):
                self.last_result[periodic.module_path] = periodic.enqueue()
                self.last_run[periodic.module_path] = now
                enqueued.append(periodic.module_path)
        return enqueued
