import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from clarion.core import outage
from clarion.core.schedule import Schedule

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue Clarion's periodic tasks when they are due (run exactly one scheduler per site)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue every task once and exit.")

    def handle(self, *args, once=False, **options):
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        schedule = Schedule()
        while not stop.is_set():
            # As Django does around each request: a connection the database dropped (it restarted) is closed
            # here and opened afresh, instead of failing every tick for as long as this process lives.
            close_old_connections()
            try:
                if outage.database.down_since is not None:
                    # Most ticks read the queue alone: ask the database itself, so its return is said.
                    connection.ensure_connection()
                    outage.database.answered()
                schedule.tick()
            except outage.ERRORS as error:  # the queue is down: the due tasks go out at the first tick it is back
                outage.failed(error, "queue")
            except outage.DATABASE_ERRORS as error:  # said once a minute, not with a traceback a second
                outage.database.failed(error, "scheduler")
            except Exception:  # a database hiccup must not stop the schedule; try again next tick
                logger.exception("Could not enqueue periodic tasks")
            if once:
                return
            stop.wait(1)
