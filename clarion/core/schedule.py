"""Periodic work, enqueued through the one TASKS backend so any worker on any host can run it."""

import logging
import time

from django.conf import settings

from clarion.core import runs

logger = logging.getLogger(__name__)

DAY = 24 * 3600

# Filled by each app's AppConfig.ready() (register_periodic): core learns of the apps' work without importing them.
_periodic = {}


def register_periodic(task, every):
    """Run `task` every `every` seconds: a number, the name of the setting that holds it, or a function that
    works it out (read at each tick, so a changed setting takes effect without a restart)."""
    _periodic[task.module_path] = (task, every)


def periodic_tasks():
    """(task, seconds between runs), in the order the apps registered them."""
    return [(task, _seconds(every)) for task, every in _periodic.values()]


def _seconds(every):
    if isinstance(every, str):
        return getattr(settings, every)
    return every() if callable(every) else every


def beat_while_running(sender, task_result, **kwargs):
    """task_started, in the worker: a periodic task's run shows it is alive while it runs (clarion.core.runs)."""
    if task_result.task.module_path in _periodic:
        runs.start_beating(task_result)


def stop_beating(sender, task_result, **kwargs):
    """task_finished, in the worker: the run stops beating, and a periodic task's finish is kept for `status`."""
    runs.stop_beating(task_result)
    if task_result.task.module_path in _periodic:
        runs.record_finish(task_result)


class Schedule:
    """Enqueues each task when its interval has passed and its previous run has finished, or died: a run that
    stopped beating for a lease (its worker was killed) is marked failed and the task sent again."""

    def __init__(self):
        self.last_run = {}
        self.last_result = {}
        self.adopted = False

    def _adopt_unfinished_runs(self):
        """A scheduler that restarted takes over the runs its predecessor left queued or running; those already
        dead (no sign of life for a lease) are marked failed instead."""
        self.adopted = True
        try:
            for result in runs.unfinished(list(_periodic)):
                if runs.is_dead(result):
                    runs.give_up(result)
                else:
                    self.last_result[result.task.module_path] = result
        except Exception:  # without them it starts afresh, as before: never a reason to stop scheduling
            logger.exception("Could not look for unfinished periodic runs")

    def _busy(self, periodic):
        result = self.last_result.get(periodic.module_path)
        if result is None:
            return False
        try:
            result.refresh()
        except Exception:  # a pruned or unknown result is not a reason to stop scheduling
            return False
        if result.is_finished:
            return False
        if runs.is_dead(result):
            runs.give_up(result)
            return False
        return True

    def tick(self, now=None):
        now = now if now is not None else time.monotonic()
        if not self.adopted:
            self._adopt_unfinished_runs()
        enqueued = []
        for periodic, interval in periodic_tasks():
            due = now - self.last_run.get(periodic.module_path, float("-inf")) >= interval
            if due and not self._busy(periodic):
                self.last_result[periodic.module_path] = periodic.enqueue()
                self.last_run[periodic.module_path] = now
                enqueued.append(periodic.module_path)
        return enqueued
