"""`make bench`: Clarion under load on loopback, beside a raw reference; one JSON line per figure on stdout.

For each configuration (SQLite; PostgreSQL + Redis) it sets up a fresh site in a temporary folder, serves it
with gunicorn on 127.0.0.1 (production settings), drives it with wrk from a second process for a bounded
time and prints the figures. Progress goes to stderr.

BENCH_SECONDS    length of each main load phase (default 20); every other phase is a fraction of it
BENCH_CONFIGS    sqlite,postgres (default both)
BENCH_EXPORT_ROWS signatures for the export and cost-growth figures (default 1,000,000)
BENCH_MAILING_RECIPIENTS supporters the mailing figure sends to (default 100,000)
BENCH_PHASES     only these phases, comma-separated (names in phases.py), e.g. signature_intake,surge
BENCH_WORKERS, BENCH_THREADS  gunicorn processes and threads for both apps (default one per CPU × 4, as `make run`)
BENCH_KEEP=1     keep the temporary folder with the logs and databases
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness import BENCH_DIR, PYTHON, ROOT, Agent, Processes, Wrk, free_port, gunicorn, say, wait_until_answering
from phases import Phases

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/clarion_bench"
REDIS_URL = "redis://127.0.0.1:6379/13"
# Settings of the machine that would make the bench measure something else than it says.
CLEARED = ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "CLARION_BASE_URL", "SECRET_KEY", "ALLOWED_HOSTS",
           "DJANGO_SETTINGS_MODULE", "CLARION_DATA_DIR", "DEBUG", "PORT", "WEB_CONCURRENCY")


@dataclass
class Options:
    seconds: float = field(default_factory=lambda: float(os.environ.get("BENCH_SECONDS") or 20))
    configs: list = field(default_factory=lambda: [
        c.strip() for c in (os.environ.get("BENCH_CONFIGS") or "sqlite,postgres").split(",") if c.strip()])
    export_rows: int = field(default_factory=lambda: int(os.environ.get("BENCH_EXPORT_ROWS") or 1_000_000))
    workers: int = field(default_factory=lambda: int(os.environ.get("BENCH_WORKERS") or os.cpu_count() or 2))
    threads: int = field(default_factory=lambda: int(os.environ.get("BENCH_THREADS") or 4))
    keep: bool = field(default_factory=lambda: os.environ.get("BENCH_KEEP", "") not in ("", "0"))


class Site:
    """One configuration's Clarion and raw reference, each under gunicorn, with the agent beside them."""

    def __init__(self, config, options, processes):
        self.config = config
        self.options = options
        self.processes = processes
        self.dir = Path(tempfile.mkdtemp(prefix=f"clarion-bench-{config}-"))
        self.port, self.raw_port = free_port(), free_port()
        self.env = {key: value for key, value in os.environ.items() if key not in CLEARED}
        self.env.update(DEBUG="0", CLARION_DATA_DIR=str(self.dir / "data"), CLARION_TRUSTED_PROXIES="127.0.0.1",
                        PORT=str(self.port), PYTHONUNBUFFERED="1")
        if config == "postgres":
            self.env.update(DATABASE_URL=POSTGRES_URL, REDIS_URL=REDIS_URL)
        self.raw_env = {**self.env, "BENCH_RAW_DATABASE": POSTGRES_URL if config == "postgres"
                        else str(self.dir / "raw.sqlite3")}
        self.wrk = Wrk(processes, self.dir / "wrk.log")
        self.agent = self.server = self.raw_server = None
        self.server_label = f"gunicorn gthread, {options.workers} workers x {options.threads} threads"

    def url(self, path, raw=False):
        return f"http://127.0.0.1:{self.raw_port if raw else self.port}{path}"

    def log(self, name):
        return self.dir / f"{name}.log"

    def manage(self, *arguments, timeout=600):
        with open(self.log("setup"), "ab") as log:
            subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=self.env, stdout=log, stderr=log,
                           check=True, timeout=timeout)

    def prepare_services(self):
        if self.config != "postgres":
            return
        for statement in ("DROP DATABASE IF EXISTS clarion_bench WITH (FORCE)", "CREATE DATABASE clarion_bench"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c",
                            statement], check=True, timeout=60, capture_output=True)
        import redis

        redis.Redis.from_url(REDIS_URL, socket_timeout=5).flushdb()

    def set_up(self):
        began = time.monotonic()
        self.prepare_services()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage("load_demo")
        subprocess.run([PYTHON, str(BENCH_DIR / "raw_app.py"), "init"], cwd=ROOT, env=self.raw_env, check=True,
                       timeout=60)
        self.agent = Agent(self.processes, self.env, self.log("agent"))
        say(f"{self.config}: set up in {time.monotonic() - began:.0f} s ({self.dir})")
        return self.agent.ask("info")

    def start_servers(self):
        workers, threads = self.options.workers, self.options.threads
        self.server = gunicorn(self.processes, "clarion.wsgi", self.port, self.env, self.log("clarion"),
                               workers, threads)
        self.raw_server = gunicorn(self.processes, "raw_app:application", self.raw_port, self.raw_env,
                                   self.log("raw"), workers, threads, extra=["--pythonpath", str(BENCH_DIR)])
        wait_until_answering(self.url("/petitions/0/count.json"), self.server)
        wait_until_answering(self.url("/count.json", raw=True), self.raw_server)

    def stop_servers(self):
        for server in (self.server, self.raw_server):
            if server is not None:
                self.processes.stop(server)
        self.server = self.raw_server = None

    def start_worker(self, command):
        """The task worker and the scheduler, as `make run` starts them."""
        return [self.processes.start([PYTHON, "manage.py", *arguments], self.env, self.log(name))
                for name, arguments in (("worker", command), ("scheduler", ["run_scheduler"]))]

    def raw_rows(self):
        answer = subprocess.run([PYTHON, str(BENCH_DIR / "raw_app.py"), "count"], cwd=ROOT, env=self.raw_env,
                                check=True, timeout=60, capture_output=True, text=True)
        return int(answer.stdout)

    def tear_down(self):
        if self.agent is not None:
            self.agent.close()
        self.processes.stop_all()
        if self.config == "postgres":
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c",
                            "DROP DATABASE IF EXISTS clarion_bench WITH (FORCE)"], timeout=60, capture_output=True)
            try:
                import redis

                redis.Redis.from_url(REDIS_URL, socket_timeout=5).flushdb()
            except Exception as error:  # the figures are printed already; say why the clean-up was partial
                say(f"could not flush Redis db 13: {error}")
        if self.options.keep:
            say(f"{self.config}: kept {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


def services_missing(config):
    if config == "sqlite":
        return None
    if config != "postgres":
        return f"unknown configuration {config!r} (use sqlite or postgres)"
    if shutil.which("psql") is None:
        return "psql is not installed"
    probe = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SELECT 1"], capture_output=True,
                           timeout=30)
    if probe.returncode:
        return "PostgreSQL does not answer on 127.0.0.1:5432 as user postgres"
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_timeout=5).ping()
    except Exception:
        return "Redis does not answer on 127.0.0.1:6379"
    return None


def _interrupted(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main():
    options = Options()
    if shutil.which("wrk") is None:
        sys.exit("bench: wrk is not installed (apt-get install wrk); `make bench` installs it")
    # Also SIGINT: a shell that starts the bench in the background would otherwise have it ignored.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupted)
    processes = Processes()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    say(f"{os.cpu_count()} CPUs, load average {load}; {options.seconds:g} s per load phase; "
        f"{options.workers} workers x {options.threads} threads")
    began = time.monotonic()
    try:
        for config in options.configs:
            missing = services_missing(config)
            if missing:
                Phases.skipped(config, missing)
                continue
            site = Site(config, options, processes)
            say(f"{config}: load average before starting {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
            try:
                Phases(site).run_all()
            finally:
                site.tear_down()
    finally:
        processes.stop_all()
    say(f"done in {time.monotonic() - began:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt as stop:
        sys.exit(f"bench: stopped ({stop}); every process it started is stopped")
