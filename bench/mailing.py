"""Mailing throughput: one personalised alert to 100,000 supporters through the real task workers.

Sets up a throw-away SQLite site in a temporary folder, starts an SMTP sink (aiosmtpd in its own process,
counting messages per recipient), starts the mailing as the admin's "Send now" does, runs the configured
task workers (`db_worker`) until it is sent, and prints one JSON line:

  {"figure": "mailing", "config": "sqlite", "value": <messages/s>, "unit": "messages/s",
   "peak_rss_mb": <largest worker peak RSS>, "errors": <failed deliveries>, "lost": <recipients without exactly one>}

The time runs from the start of `start_mailing` (deliveries created) until the last worker exits.

MAILING_BENCH_CONFIG      sqlite (default) or postgres: PostgreSQL database clarion_bench_mailing (created and
                          dropped) with Redis database 12 and RQ workers (`rqworker --burst`)
MAILING_BENCH_RECIPIENTS  supporters to mail (default 100,000)
MAILING_BENCH_WORKERS     worker processes, each running one sending task (default 2)
MAILING_BENCH_CONNECTIONS SMTP connections (threads) per sending task (default CLARION_ALERTS_CONNECTIONS)
BENCH_KEEP=1              keep the temporary folder with the logs and the database

Run as `.venv/bin/python bench/mailing.py`; progress goes to stderr.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import PYTHON, ROOT, Processes, figure, free_port, say  # noqa: E402

CLEARED = ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "CLARION_BASE_URL", "SECRET_KEY", "ALLOWED_HOSTS",
           "DJANGO_SETTINGS_MODULE", "CLARION_DATA_DIR", "DEBUG", "PORT", "WEB_CONCURRENCY")

SET_UP = """
import secrets, time
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Page
from clarion.alerts.models import Mailing, Segment
from clarion.pages.models import HomePage
from clarion.petitions.models import PetitionPage
from clarion.supporters.models import REFERRAL_ALPHABET, Supporter
home = HomePage(title="Bench appeal", slug="bench-home")
Page.get_first_root_node().add_child(instance=home)
petition = PetitionPage(title="Let the Tamsin Valley families stay", slug="petition", target_name="Oren Vale",
                        demand="Cancel the return order.", goal=100000, closes_at=timezone.now() + timedelta(days=9))
home.add_child(instance=petition)
petition.save_revision().publish()
count = {count}
codes = set()
while len(codes) < count:
    codes.add("".join(secrets.choice(REFERRAL_ALPHABET) for _ in range(10)))
names = ["Miriam Rezaei", "Jane Doe", "Amir Karimi", "Leyla Aziz", "Tomás Ruiz", "Nasrin", ""]
batch = []
for n, code in enumerate(codes):
    batch.append(Supporter(email=f"s{{n}}@example.org", canonical_email=f"s{{n}}@example.org", referral_code=code,
                           name=names[n % len(names)], country="DE", subscribed=True))
    if len(batch) == 5000:
        Supporter.objects.bulk_create(batch)
        batch = []
Supporter.objects.bulk_create(batch)
body = ('Dear {{{{ first_name|default:"Friend" }}}},\\n\\nThe return order for Tamsin Valley camp is signed for '
        'Friday. '
        'Four thousand people, many of them children, would be sent back to a country they fled.\\n\\n'
        'Please sign the petition to Oren Vale today and pass it on to three friends:\\n{{{{ petition_link }}}}\\n\\n'
        'Every signature is delivered to the ministry on Thursday.\\n\\nThank you,\\nThe Tamsin Valley Appeal')
mailing = Mailing.objects.create(subject='{{{{ first_name|default:"Friend" }}}}, four days left',
                                 preheader="Sign before Friday", body=body, petition=petition,
                                 segment=Segment.objects.create(name="Everyone"))
print(mailing.pk)
"""

START = """
import time
from clarion.alerts.actions import start_mailing
from clarion.alerts.models import Mailing
began = time.time()
mailing = start_mailing(Mailing.objects.get(pk={pk}))
print(began, mailing.recipients_count)
"""

REPORT = """
import json
from django.db.models import Count
from clarion.alerts.models import Delivery, Mailing
mailing = Mailing.objects.get(pk={pk})
print(json.dumps({{"status": mailing.status, "deliveries": dict(Delivery.objects.filter(mailing=mailing)
                  .values_list("status").annotate(n=Count("pk")).order_by())}}))
"""


def run_sink(port, out_path):
    """The SMTP sink process: count messages per envelope recipient; write the counts on SIGTERM."""
    from aiosmtpd.controller import Controller

    received = Counter()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.update(envelope.rcpt_tos)
            return "250 OK"

    # Blocked before the server thread starts, so SIGTERM waits for sigwait here instead of killing the count.
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM])
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    Path(out_path + ".ready").write_text("ready")
    signal.sigwait([signal.SIGTERM])
    controller.stop()
    Path(out_path).write_text(json.dumps(received))


def manage(env, *arguments, log):
    done = subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=log, text=True, check=True, timeout=1800)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def cpu_seconds(pid):
    """CPU time a live process and its finished children (RQ's work horses) have used so far."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(int(fields[n]) for n in (11, 12, 13, 14)) / os.sysconf("SC_CLK_TCK")


def _children(pid):
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found = []
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as children:
                found += [int(child) for child in children.read().split()]
        except OSError:
            continue
    return found


def peak_rss_mb(pid):
    """The largest peak resident size of the worker or any process it forked (RQ runs each job in one)."""
    peak = 0.0
    for process in [pid, *_children(pid)]:
        try:
            with open(f"/proc/{process}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) / 1024)
        except OSError:
            continue
    return peak


POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_NAME = "clarion_bench_mailing"
REDIS_URL = "redis://127.0.0.1:6379/12"


def prepare_services(config, drop_only=False):
    if config != "postgres":
        return
    import redis

    statements = [f"DROP DATABASE IF EXISTS {POSTGRES_NAME} WITH (FORCE)"]
    if not drop_only:
        statements.append(f"CREATE DATABASE {POSTGRES_NAME}")
    for statement in statements:
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", statement],
                       check=True, timeout=60, capture_output=True)
    redis.Redis.from_url(REDIS_URL, socket_timeout=5).flushdb()


def worker_command(config):
    if config == "postgres":
        return [PYTHON, "manage.py", "rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default"]
    return [PYTHON, "manage.py", "db_worker", "--batch", "--no-startup-delay"]


def main():
    config = os.environ.get("MAILING_BENCH_CONFIG") or "sqlite"
    count = int(os.environ.get("MAILING_BENCH_RECIPIENTS") or 100_000)
    workers = int(os.environ.get("MAILING_BENCH_WORKERS") or 2)
    folder = Path(tempfile.mkdtemp(prefix="clarion-bench-mailing-"))
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    env.update(DEBUG="0", CLARION_DATA_DIR=str(folder / "data"), DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
               EMAIL_URL=f"smtp://127.0.0.1:{port}", PYTHONUNBUFFERED="1", CLARION_ALERTS_SENDERS=str(workers),
               TASKS_LOG_LEVEL="WARNING")
    if config == "postgres":
        env.update(DATABASE_URL=f"{POSTGRES_SERVER}/{POSTGRES_NAME}", REDIS_URL=REDIS_URL)
    prepare_services(config)
    if os.environ.get("MAILING_BENCH_CONNECTIONS"):
        env["CLARION_ALERTS_CONNECTIONS"] = os.environ["MAILING_BENCH_CONNECTIONS"]
    processes = Processes()
    log = open(folder / "setup.log", "ab")  # noqa: SIM115  (kept open for every step)
    try:
        say(f"mailing: setting up {count:,} supporters in {folder}")
        manage(env, "migrate", "--noinput", "-v0", log=log)
        pk = manage(env, "shell", "-c", SET_UP.format(count=count), log=log)
        counts_path = str(folder / "received.json")
        sink = processes.start([PYTHON, __file__, "--sink", str(port), counts_path], env, folder / "sink.log")
        while not Path(counts_path + ".ready").exists():
            time.sleep(0.05)
        say("mailing: sending")
        began, recipients = manage(env, "shell", "-c", START.format(pk=pk), log=log).split()
        running = [processes.start(worker_command(config), env, folder / f"worker{n}.log") for n in range(workers)]
        peaks = {process.pid: 0.0 for process in running}
        cpu = {process.pid: 0.0 for process in running}
        while any(process.poll() is None for process in running):
            for process in running:
                peaks[process.pid] = max(peaks[process.pid], peak_rss_mb(process.pid))
                cpu[process.pid] = cpu_seconds(process.pid) or cpu[process.pid]
            time.sleep(0.05)
        seconds = time.time() - float(began)
        sink_cpu = cpu_seconds(sink.pid) or 0.0
        report = json.loads(manage(env, "shell", "-c", REPORT.format(pk=pk), log=log))
        processes.stop(sink)
        received = Counter(json.loads(Path(counts_path).read_text()))
        lost = sum(1 for n in range(count) if received.get(f"s{n}@example.org", 0) != 1)
        say(f"mailing: {recipients} recipients in {seconds:.1f} s; {report}")
        figure("mailing", config, round(count / seconds), "messages/s", peak_rss_mb=round(max(peaks.values()), 1),
               errors=report["deliveries"].get("failed", 0), lost=lost, recipients=count, workers=workers,
               seconds=round(seconds, 1), worker_cpu_ms_per_message=round(1000 * sum(cpu.values()) / count, 3),
               sink_cpu_ms_per_message=round(1000 * sink_cpu / count, 3),
               load_average=round(os.getloadavg()[0], 1), cpus=os.cpu_count())
    finally:
        processes.stop_all()
        log.close()
        prepare_services(config, drop_only=True)
        if os.environ.get("BENCH_KEEP", "") not in ("", "0"):
            say(f"mailing: kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--sink"]:
        run_sink(int(sys.argv[2]), sys.argv[3])
    else:
        main()
