"""The bench's plumbing: processes it owns, the agent inside Clarion, wrk runs and figure lines."""

import contextlib
import json
import os
import resource
import selectors
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PYTHON = sys.executable
LUA_DIR = BENCH_DIR / "lua"


def say(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def figure(name, config, value, unit, **extra):
    """Print one figure as one JSON line on stdout; keys whose value is None are left out."""
    line = {"figure": name, "config": config, "value": value, "unit": unit}
    line.update({key: value for key, value in extra.items() if value is not None})
    print(json.dumps(line), flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Processes:
    """Every process the bench starts, each in its own session so that it and its children stop together."""

    def __init__(self):
        self.running = []

    def start(self, command, env, log_path, **kwargs):
        with open(log_path, "ab") as log:
            kwargs.setdefault("stdout", log)
            process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=log, start_new_session=True, **kwargs)
        self.running.append(process)
        return process

    def stop(self, process, grace=10):
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        if process in self.running:
            self.running.remove(process)

    def stop_all(self):
        for process in reversed(list(self.running)):
            self.stop(process)


class CpuMeter:
    """The share of the machine's CPU that went to processes the bench did not start, over a window.

    A busy neighbour makes every figure low; this says how busy it was. Ours are the bench itself, the
    processes it reaped (wrk), every live process in the sessions it started (servers and their workers), and
    the PostgreSQL and Redis servers, which work for the system under test (a neighbour's queries to them
    therefore count as ours).
    """

    SERVICES = ("postgres", "redis-server")

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, processes):
        self.processes = processes
        self.start = self._sample()

    def others(self):
        (began, machine0, ours0), (ended, machine1, ours1) = self.start, self._sample()
        foreign = (machine1 - machine0) - (ours1 - ours0)
        return round(max(foreign, 0) / ((ended - began) * os.cpu_count()), 2)

    def _sample(self):
        with open("/proc/stat") as stat:
            user, nice, system, _idle, _iowait, irq, softirq = map(int, stat.readline().split()[1:8])
        sessions = {process.pid for process in self.processes.running}
        ours = sum(self._cpu(entry, sessions) for entry in os.listdir("/proc") if entry.isdigit())
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
            usage = resource.getrusage(who)
            ours += usage.ru_utime + usage.ru_stime
        return time.monotonic(), (user + nice + system + irq + softirq) / self.TICK, ours

    def _cpu(self, pid, sessions):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                head, _, tail = stat.read().rpartition(")")
        except OSError:
            return 0
        fields = tail.split()
        ours = int(fields[3]) in sessions or head.partition("(")[2] in self.SERVICES
        return (int(fields[11]) + int(fields[12])) / self.TICK if ours else 0


class Agent:
    """bench/agent.py running in the server's environment; ask() sends a command and waits for its answer."""

    def __init__(self, processes, env, log_path):
        self.process = processes.start([PYTHON, str(BENCH_DIR / "agent.py")], env, log_path,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.processes = processes

    def ask(self, do, timeout=120, **arguments):
        self.process.stdin.write((json.dumps({"do": do, **arguments}) + "\n").encode())
        self.process.stdin.flush()
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                raise RuntimeError(f"the agent did not answer {do!r} within {timeout} s")
        answer = json.loads(self.process.stdout.readline() or '{"ok": false, "error": "agent exited"}')
        if not answer.pop("ok"):
            raise RuntimeError(f"agent {do}: {answer['error']}")
        return answer

    def close(self):
        self.processes.stop(self.process)


def get(url, timeout=5):
    """(status, body) of a GET; any HTTP status is an answer, a refused connection raises OSError."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_answering(url, process, deadline_seconds=90):
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with status {process.returncode}")
        try:
            status, _body = get(url)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer within {deadline_seconds} s")


def gunicorn(processes, app, port, env, log_path, workers, threads, extra=()):
    command = [PYTHON, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--threads", str(threads), "--graceful-timeout", "5", "--timeout", "60", "--no-control-socket", *extra]
    return processes.start(command, env, log_path)


class Wrk:
    """A bounded wrk run whose Lua script prints one BENCHJSON line (see lua/common.lua)."""

    def __init__(self, processes, log_path):
        self.processes = processes
        self.log_path = log_path

    def start(self, url, script, seconds, connections=16, threads=2, args=(), timeout=10):
        threads = min(threads, connections)
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(int(round(seconds)), 1)}s",
                   f"--timeout={timeout}s", "-s", str(LUA_DIR / script), url, "--", *map(str, args)]
        env = {**os.environ, "BENCH_LUA_DIR": str(LUA_DIR)}
        meter = CpuMeter(self.processes)
        process = self.processes.start(command, env, self.log_path, stdout=subprocess.PIPE)
        process.bench_deadline = time.monotonic() + seconds + timeout + 30
        process.bench_meter = meter
        return process

    def finish(self, process):
        try:
            output, _ = process.communicate(timeout=max(process.bench_deadline - time.monotonic(), 1))
        finally:
            self.processes.stop(process)
        for line in output.decode(errors="replace").splitlines():
            if line.startswith("BENCHJSON "):
                return Load(json.loads(line.removeprefix("BENCHJSON ")), process.bench_meter.others())
        raise RuntimeError(f"wrk printed no result (exit status {process.returncode})")

    def run(self, url, script, seconds, **options):
        return self.finish(self.start(url, script, seconds, **options))


class Load:
    """What one wrk run saw: answers by status, socket errors and latency percentiles."""

    def __init__(self, raw, others_cpu):
        self.raw = raw
        self.others_cpu = others_cpu
        self.seconds = raw["duration_us"] / 1e6
        self.statuses = {int(status): n for status, n in raw["statuses"].items()}
        self.socket_errors = sum(raw["socket_errors"].values())
        self.latency = raw["latency_us"]

    def answered(self, status):
        return self.statuses.get(status, 0)

    def errors(self, expected):
        """Answers other than `expected`, plus connections that failed or timed out."""
        return sum(n for status, n in self.statuses.items() if status != expected) + self.socket_errors

    def rate(self, status):
        return round(self.answered(status) / self.seconds, 1)

    def ms(self, percentile):
        return round(self.latency[percentile] / 1000, 2)
