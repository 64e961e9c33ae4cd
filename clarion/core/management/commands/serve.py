import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site with gunicorn, the task worker and the scheduler in the foreground; Ctrl-C stops."

    def add_arguments(self, parser):
        # One process per core measured best (SQLite and PostgreSQL): more only add GIL and lock contention.
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 2))

    def handle(self, *args, workers, **options):
        python = sys.executable
        manage = [python, str(settings.BASE_DIR / "manage.py")]
        commands = {
            "web": [python, "-m", "gunicorn", "clarion.wsgi", "--bind", f"127.0.0.1:{settings.PORT}",
                    "--workers", str(workers), "--threads", "4", "--access-logfile", "-",
                    "--logger-class", "clarion.core.accesslog.AccessLog",
                    "--graceful-timeout", "10"],
            "worker": [*manage, *settings.TASK_WORKER_COMMAND],
            "scheduler": [*manage, "run_scheduler"],
        }
        children = {name: subprocess.Popen(cmd, cwd=settings.BASE_DIR) for name, cmd in commands.items()}
        self.stdout.write(f"Serving {settings.CLARION_BASE_URL}/ — press Ctrl-C to stop.")
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping and all(child.poll() is None for child in children.values()):
            time.sleep(0.5)
        for name, child in children.items():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
            elif not stopping:
                self.stderr.write(f"{name} exited with status {child.returncode}; stopping the others.")
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                child.kill()
        self.stdout.write("Stopped.")
