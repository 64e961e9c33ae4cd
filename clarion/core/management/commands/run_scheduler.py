import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from clarion.core.schedule import enqueue_periodic_tasks

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue Clarion's periodic tasks every CLARION_SCHEDULE_INTERVAL seconds (run exactly one)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue one round and exit.")

    def handle(self, *args, once=False, **options):
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        while not stop.is_set():
            try:
                enqueue_periodic_tasks()
            except Exception:  # a database hiccup must not stop the schedule; try again next round
                logger.exception("Could not enqueue periodic tasks")
            if once:
                return
            stop.wait(settings.CLARION_SCHEDULE_INTERVAL)
