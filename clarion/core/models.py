from django.db import models


class RunHeartbeat(models.Model):
    """A periodic task's run renews this while its worker lives (clarion.core.runs): the scheduler takes a run
    whose beat stopped for a lease to be dead, since the task backend alone would show it running for ever."""

    result_id = models.CharField(max_length=64, primary_key=True)
    task_path = models.CharField(max_length=255)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.task_path} {self.result_id} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class PeriodicRun(models.Model):
    """The last finished run of each periodic task, written by its worker (clarion.core.schedule): the task
    backend forgets results (RQ after 500 s), and a daily task that stopped must still show as overdue."""

    task_path = models.CharField(max_length=255, primary_key=True)
    # When the last finished run was enqueued: what the backend's own results say of a run, so both agree.
    enqueued_at = models.DateTimeField()
    outcome = models.CharField(max_length=20)

    def __str__(self):
        return f"{self.task_path} {self.outcome} {self.enqueued_at:%Y-%m-%d %H:%M:%S}"
