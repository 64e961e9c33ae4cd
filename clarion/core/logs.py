"""Logging filters named in settings.LOGGING (imported while logging is configured: nothing from the apps)."""

import logging
import threading
import time

from clarion.config import env
from clarion.core.redact import scrub

# CLARION_TASK_LOG=each (what `manage.py serve -v 2` and `make run V=1` set) keeps one line per task run.
EACH_TASK = "each"
# The RQ worker's lines for each job: taken from the queue, completed, "Job OK".
# RQ's own lines per job (rq/worker/base.py): the django_tasks line that comes with each run is what is counted.
RQ_JOB_LINES = ("Worker %s: %s: %s", "Successfully completed ", "Worker %s: job %s result is kept")


class QuietShortRefusals(logging.Filter):
    """Keeps Django's one warning per refused request out of the log for the signing endpoint's short answers
    (clarion.petitions.refusals): its minute summary counts them instead, and a flood no longer writes a line
    per bad post."""

    def filter(self, record):
        request = getattr(record, "request", None)
        return not getattr(request, "clarion_short_refusal", False)


class MaskTokens(logging.Filter):
    """Django's request warnings name the path ("Not Found: /petitions/confirm/<token>/"): mask the token."""

    def filter(self, record):
        if isinstance(record.args, tuple):
            record.args = tuple(scrub(arg) for arg in record.args)
        record.msg = scrub(record.msg)
        return True


class SummariseRoutineTasks(logging.Filter):
    """The worker writes two lines per task run ("Task id=… state=RUNNING", "… state=SUCCESSFUL"), and the periodic
    tasks run every few seconds: the terminal scrolls the admin login out of sight. Count the runs instead, and let
    the first of them after each `seconds` say how many; warnings and failures pass unchanged."""

    def __init__(self, seconds=60, clock=time.monotonic):
        super().__init__()
        self.each = env("CLARION_TASK_LOG") == EACH_TASK
        self.seconds, self.clock = seconds, clock
        self.since, self.runs, self.summaries = clock(), 0, 0
        self.lock = threading.Lock()

    def filter(self, record):
        if self.each or record.levelno >= logging.WARNING:
            return True
        if str(record.msg).startswith(RQ_JOB_LINES):
            return False
        if not str(record.msg).startswith("Task id="):
            return True
        with self.lock:
            finished = bool(record.args) and str(record.args[-1]) != "RUNNING"
            self.runs += finished
            now = self.clock()
            if not finished or now - self.since < self.seconds:
                return False
            runs, minutes = self.runs, max(1, round((now - self.since) / 60))
            self.since, self.runs, self.summaries = now, 0, self.summaries + 1
        span = "minute" if minutes == 1 else f"{minutes} minutes"
        record.msg = f"{runs} task{'s' if runs != 1 else ''} run in the last {span}"
        if self.summaries == 1:
            record.msg += f" (one line per task: CLARION_TASK_LOG={EACH_TASK}, or make run V=1)"
        record.args = ()
        return True
