"""Periodic work, enqueued through the one TASKS backend so any worker on any host can run it."""

import time

from django.conf import settings

DAY = 24 * 3600

# Filled by each app's AppConfig.ready() (register_periodic): core learns of the apps' work without importing them.
_periodic = {}


def register_periodic(task, every):
    """Run `task` every `every` seconds: a number, or the name of the setting that holds it (read at each tick,
    so a changed setting takes effect without a restart)."""
    _periodic[task.module_path] = (task, every)


def periodic_tasks():
    """(task, seconds between runs), in the order the apps registered them."""
    return [(task, getattr(settings, every) if isinstance(every, str) else every)
            for task, every in _periodic.values()]


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
