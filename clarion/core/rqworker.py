"""The RQ worker that `manage.py rqworker` runs when scaled out (settings.RQ's WORKER_CLASS).

RQ's worker waits for Redis only while it waits for a job. Redis going away at any other moment (a job
running, the heartbeat between jobs, its maintenance) ends the worker, and nothing takes the mail once Redis is
back; a worker started while Redis is down (a host booting before it) exits at once. This one waits for Redis
wherever it is lost, trying again at least every MAX_WAIT seconds.
"""

import time

from rq.exceptions import StopRequested
from rq.job_lifecycle import call_exception_handlers
from rq.worker import Worker as RQWorker

from clarion.core import outage

MAX_WAIT = 5.0


class Worker(RQWorker):
    # RQ's own wait while dequeueing doubles up to a minute: mail would wait up to a minute after Redis is back.
    max_connection_wait_time = MAX_WAIT
    _asked_to_stop = False

    def _through_outages(self, call, *args, **kwargs):
        wait = 1.0
        while True:
            try:
                return call(*args, **kwargs)
            except outage.ERRORS as error:
                if self._asked_to_stop:
                    raise StopRequested() from error
                self.log.warning("Worker %s: Redis cannot be reached (%s); trying again in %.0f s",
                                 self.name, error, wait)
                time.sleep(wait)
                wait = min(wait * 2, MAX_WAIT)

    def request_stop(self, signum, frame):
        self._asked_to_stop = True  # RQ's own handler asks Redis first, which fails while it is down
        super().request_stop(signum, frame)

    def _set_ip_address(self, connection):
        # RQ's first Redis call, made while the worker is built (RQ 3's Worker.__init__): where a start waits.
        return self._through_outages(super()._set_ip_address, connection)

    def register_birth(self):
        return self._through_outages(super().register_birth)

    def heartbeat(self, *args, **kwargs):
        return self._through_outages(super().heartbeat, *args, **kwargs)

    def check_for_suspension(self, *args, **kwargs):
        return self._through_outages(super().check_for_suspension, *args, **kwargs)

    def run_maintenance_tasks(self):
        return self._through_outages(super().run_maintenance_tasks)

    def execute_job(self, job, queue):
        try:
            super().execute_job(job, queue)
        except outage.ERRORS as error:
            # Lost while the job ran: the job ends as it may (its own timeout still holds in the work horse);
            # a periodic task runs again at its next turn, and mail the job did not send waits in the outbox.
            self.log.warning("Worker %s: Redis went away during job %s (%s)", self.name, job.id, error)
            if self.horse_pid:
                self.wait_for_horse()
            self._horse_pid = 0

    def handle_exception(self, job, *exc_info):
        """A job the database's outage failed: one line (clarion.core.outage) instead of RQ's traceback. Its work
        is not lost: the outbox sweep sends its mail, and a periodic task runs again at its next turn."""
        notice = outage.notice_for(exc_info[1])
        if notice is None:
            return super().handle_exception(job, *exc_info)
        notice.failed(exc_info[1], f"job {job.id}")
        call_exception_handlers(self._exc_handlers, job, *exc_info)
        return None
