"""The measurements, in the order `make bench` takes them; each prints its figures as it finishes."""

import json
import os
import subprocess
import time

import dashboard
from api_reads import API_FIGURES, api
from harness import BENCH_DIR, PYTHON, ROOT, CpuMeter, figure, get, say

SMALL = 1_000
CONNECTIONS = 16
FIGURES = {
    "page_uncached": "ms", "page_cached": "requests/s", "count_document": "requests/s",
    "signature_intake": "signatures/s", "confirm_throughput": "confirms/s", "cost_growth": "ratio",
    "export_1m": "s", "mailing": "messages/s", "dashboard": "ms", "delivery_summary": "s",
    "delivery_names_csv": "names/s", "delivery_names_pdf": "names/s",
    "transparency_inclusion": "ms", "transparency_consistency": "ms", "transparency_intake": "ratio",
    **API_FIGURES,
    "webhook_fanout": "deliveries/s", "webhook_record_ms": "ms", "webhook_record_cost": "% slower intake",
}
PAGE_CACHE = ("visitors without cookies, as wrk sends: one render per CLARION_PAGE_CACHE_SECONDS per process "
              "serves the rest from the server's anonymous page cache; pages also carry Cache-Control: public, "
              "max-age=60 for proxies and browsers")


class Phases:
    def __init__(self, site):
        self.site = site
        self.config = site.config
        self.seconds = site.options.seconds
        self.wrk = site.wrk
        self.info = None
        self.small = {}

    @staticmethod
    def skipped(config, reason):
        say(f"{config}: skipped: {reason}")
        for name, unit in FIGURES.items():
            figure(name, config, None, unit, note=f"not measured: {reason}")

    def emit(self, name, value, unit=None, **extra):
        figure(name, self.config, value, unit or FIGURES[name], **extra)

    @staticmethod
    def seen(load, expected):
        """The keys every load figure carries: latency, errors, and how busy the rest of the machine was."""
        return {"p50_ms": load.ms("p50"), "p99_ms": load.ms("p99"), "errors": load.errors(expected),
                "others_cpu": load.others_cpu}

    def reference_seconds(self):
        """The raw reference's throughput is steady, so half the time measures it well enough."""
        return max(self.seconds / 2, 2)

    def run_all(self):
        try:
            self.info = self.site.set_up()
            self.site.agent.ask("seed_confirmed", total=SMALL)
            self.site.start_servers()
            self.warm_up()
        except Exception as error:
            self.skipped(self.config, f"set-up failed: {error}")
            return
        for phase in self.chosen((self.page_uncached, self.page_cached, self.count_document, self.api,
                                  self.count_staleness,
                                  self.signature_intake, self.malformed_flood, self.surge, self.confirm_throughput,
                                  self.dashboard, self.cost_growth, self.export, self.delivery,
                                  self.mailing, self.transparency, self.webhooks)):
            say(f"{self.config}: {phase.__name__}")
            try:
                phase()
            except Exception as error:  # one failed measurement must not hide the others
                say(f"{self.config}: {phase.__name__} failed: {error}")
                name = {"count_staleness": "count_document", "export": "export_1m", "surge": "signature_intake",
                        "malformed_flood": "signature_intake",
                        "delivery": "delivery_summary", "api": "api_cached", "webhooks": "webhook_fanout",
                        "transparency": "transparency_inclusion"}.get(phase.__name__, phase.__name__)
                self.emit(name, None, note=f"failed: {type(error).__name__}: {error}")

    @staticmethod
    def chosen(phases):
        """BENCH_PHASES=signature_intake,export (names as below) runs only those; cost_growth needs page_uncached."""
        wanted = {name.strip() for name in (os.environ.get("BENCH_PHASES") or "").split(",") if name.strip()}
        return [phase for phase in phases if not wanted or phase.__name__ in wanted]

    def url(self, path, raw=False):
        return self.site.url(path, raw)

    @property
    def pages(self):
        return self.info["pages"]

    @property
    def count_path(self):
        return f"/petitions/{self.info['petition_pk']}/count.json"

    @property
    def sign_path(self):
        return f"/petitions/{self.info['petition_pk']}/sign/"

    def probe_seconds(self):
        return max(self.seconds / 8, 2)

    def warm_up(self):
        """Render every page once (image renditions are made on first view), then warm every worker."""
        for path in self.pages.values():
            get(self.url(path), timeout=120)
        for path in [*self.pages.values(), self.count_path]:
            self.wrk.run(self.url(path), "get.lua", 1)
        self.wrk.run(self.url(self.sign_path), "sign.lua", 1, args=["warm"])
        self.wrk.run(self.url("/sign", raw=True), "sign.lua", 1, args=["warm"])
        self.wrk.run(self.url("/count.json", raw=True), "get.lua", 1)

    def probe(self, path):
        """One connection, one request after another: what a single render costs (the page cache bypassed)."""
        return self.wrk.run(self.url(path), "get.lua", self.probe_seconds(), connections=1, threads=1,
                            args=["fresh"])

    def page_uncached(self):
        for name, path in self.pages.items():
            load = self.probe(path)
            self.small[name] = load
            self.emit("page_uncached", load.ms("p50"), page=name, path=path, **self.seen(load, 200),
                      requests=load.answered(200),
                      note="one connection, requests one after another; every request rendered (a cookie keeps "
                           "the page cache out of the way)")
        self.small["count_document"] = self.probe(self.count_path)

    def page_cached(self):
        for name, path in self.pages.items():
            load = self.wrk.run(self.url(path), "get.lua", max(self.seconds / len(self.pages), 2))
            self.emit("page_cached", load.rate(200), page=name, path=path, **self.seen(load, 200),
                      connections=CONNECTIONS, server=self.site.server_label, note=PAGE_CACHE)

    def count_document(self):
        clarion = self.wrk.run(self.url(self.count_path), "get.lua", self.seconds)
        raw = self.wrk.run(self.url("/count.json", raw=True), "get.lua", self.reference_seconds())
        ratio = round(clarion.rate(200) / raw.rate(200), 3) if raw.rate(200) else None
        self.emit("count_document", clarion.rate(200), metric="requests_per_s", reference=raw.rate(200),
                  ratio=ratio, **self.seen(clarion, 200), raw_p99_ms=raw.ms("p99"), raw_others_cpu=raw.others_cpu,
                  connections=CONNECTIONS, server=self.site.server_label, target="ratio >= 0.7",
                  meets_target=ratio is not None and ratio >= 0.7,
                  note="reference: the raw WSGI app answering a small JSON document")

    def api(self):
        api(self)

    def count_staleness(self):
        """Confirm a signature with the worker and scheduler running; poll until every process shows it."""
        interval, max_age = self.info["count_interval"], self.info["count_cache_seconds"]
        shared_cache = self.config == "postgres"
        bound = interval + (0 if shared_cache else interval)
        backlog = self.site.agent.ask("queue_depth")["depth"]
        helpers = self.site.start_worker(self.info["worker_command"])
        seen = []
        try:
            drain = self._drain_queue(backlog, deadline=max(self.seconds * 3, 30))
            for trial in range(2 if self.seconds >= 10 else 1):
                seen.append(self._time_until_counted(f"stale{trial}", deadline=bound + interval + 20))
        finally:
            for process in helpers:
                self.site.processes.stop(process)
        everywhere = [s[1] for s in seen if s[1] is not None]
        how = ("Redis: the round's cache delete reaches every process" if shared_cache else
               "local-memory cache: other processes keep their copy until it expires")
        self.emit("count_document", max(everywhere) if len(everywhere) == len(seen) else None, metric="staleness_s",
                  unit="s", bound_s=bound, first_seen_s=[s[0] for s in seen], all_seen_s=[s[1] for s in seen],
                  browser_cache_s=max_age, backlog_tasks=backlog, **drain,
                  note=f"seconds from a confirmation to the count document showing it in every server process "
                       f"(20 answers in a row) once the worker has drained the task queue; counting round every "
                       f"{interval} s; {how}; bound_s is the configured server-side bound, without the time a round "
                       f"waits in the task queue it shares with mail delivery; browsers and proxies may add max-age "
                       f"{max_age} s")

    def _drain_queue(self, backlog, deadline):
        """Let the worker empty the queue the earlier phases filled; how fast it went tells its capacity."""
        start = time.monotonic()
        depth = backlog
        while depth and time.monotonic() - start < deadline:
            time.sleep(0.5)
            depth = self.site.agent.ask("queue_depth")["depth"]
        took = time.monotonic() - start
        rate = round((backlog - depth) / took, 1) if backlog and took > 1 else None
        return {"backlog_left": depth, "worker_tasks_per_s": rate}

    def _time_until_counted(self, tag, deadline):
        before = self.site.agent.ask("confirm_one", tag=tag)["count_before"]
        start, first, streak = time.monotonic(), None, 0
        while (elapsed := time.monotonic() - start) < deadline:
            _status, body = get(self.url(self.count_path))
            if json.loads(body)["signature_count"] > before:
                first = round(elapsed, 2) if first is None else first
                streak += 1
                if streak >= 20:
                    return first, round(elapsed, 2)
            else:
                streak = 0
            time.sleep(0.05)
        return first, None

    def signature_intake(self):
        agent = self.site.agent
        before, queued = agent.ask("stats"), agent.ask("queue_depth")["depth"]
        clarion = self.wrk.run(self.url(self.sign_path), "sign.lua", self.seconds, args=["intake"], timeout=30)
        time.sleep(1)
        after, queued = agent.ask("stats"), agent.ask("queue_depth")["depth"] - queued
        raw_before = self.site.raw_rows()
        raw = self.wrk.run(self.url("/sign", raw=True), "sign.lua", self.reference_seconds(), args=["intake"],
                           timeout=30)
        time.sleep(1)
        raw_created = self.site.raw_rows() - raw_before
        created = after["signatures"] - before["signatures"]
        ok = clarion.answered(302)
        ratio = round(clarion.rate(302) / raw.rate(302), 3) if raw.rate(302) else None
        self.emit(
            "signature_intake", clarion.rate(302), reference=raw.rate(302), ratio=ratio, **self.seen(clarion, 302),
            lost=max(ok - created, 0), in_flight_rows=max(created - ok, 0),
            fraudulent=sum(after["fraud_reasons"].values()) - sum(before["fraud_reasons"].values()),
            outbox_rows=after["outbox"] - before["outbox"], tasks_queued=queued,
            raw_p50_ms=raw.ms("p50"), raw_p99_ms=raw.ms("p99"), raw_errors=raw.errors(302),
            raw_lost=max(raw.answered(302) - raw_created, 0), raw_others_cpu=raw.others_cpu, connections=CONNECTIONS,
            server=self.site.server_label, target="ratio >= 0.5 and p99 <= 100 ms",
            meets_target=ratio is not None and ratio >= 0.5 and clarion.ms("p99") <= 100,
            note="lost = 302 answers without a Signature row; in_flight_rows = rows of requests still running "
                 "when wrk stopped; fraudulent = new rows the fraud checks marked; tasks_queued = tasks left for "
                 "the worker (no worker runs during load)")

    def malformed_flood(self):
        """Valid signing alone, then beside as many connections sending malformed POSTs."""
        half = CONNECTIONS // 2
        alone = self.wrk.run(self.url(self.sign_path), "sign.lua", self.seconds, connections=half,
                             args=["alone"], timeout=30)
        flooding = self.wrk.start(self.url(self.sign_path), "malformed.lua", self.seconds, connections=half,
                                  timeout=30)
        signing = self.wrk.start(self.url(self.sign_path), "sign.lua", self.seconds, connections=half,
                                 args=["flooded"], timeout=30)
        flood, valid = self.wrk.finish(flooding), self.wrk.finish(signing)
        ratio = round(valid.rate(302) / alone.rate(302), 3) if alone.rate(302) else None
        server_errors = sum(n for status, n in flood.statuses.items() if status >= 500)
        self.emit("signature_intake", valid.rate(302), phase="malformed_flood", reference=alone.rate(302),
                  ratio=ratio, **self.seen(valid, 302), alone_p99_ms=alone.ms("p99"),
                  malformed_per_s=round(flood.raw["requests"] / flood.seconds, 1),
                  malformed_statuses=flood.statuses, malformed_5xx=server_errors,
                  malformed_socket_errors=flood.socket_errors, malformed_p50_ms=flood.ms("p50"),
                  malformed_p99_ms=flood.ms("p99"), connections=f"{half} valid + {half} malformed",
                  target="ratio >= 0.8 and no 5xx", meets_target=ratio is not None and ratio >= 0.8
                  and not server_errors,
                  note="value: valid signatures/s while malformed POSTs arrive; reference: the same valid load "
                       "alone; malformed kinds: empty, missing or invalid fields, header injection, markup in "
                       "names, JSON, bytes that are not UTF-8, a body over the 1 MB limit")

    def surge(self):
        """Signing at full speed for three load phases' time, with the worker and scheduler running."""
        seconds = self.seconds * 3
        agent = self.site.agent
        helpers = self.site.start_worker(self.info["worker_command"])
        try:
            before = agent.ask("stats")
            load = self.wrk.run(self.url(self.sign_path), "sign.lua", seconds, args=["surge"], timeout=30)
            time.sleep(1)
            after = agent.ask("stats")
        finally:
            for process in helpers:
                self.site.processes.stop(process)
        created, ok = after["signatures"] - before["signatures"], load.answered(302)
        self.emit("signature_intake", load.rate(302), phase="surge", seconds=round(load.seconds, 1),
                  **self.seen(load, 302), lost=max(ok - created, 0), in_flight_rows=max(created - ok, 0),
                  outbox_rows=after["outbox"] - before["outbox"], connections=CONNECTIONS,
                  server=self.site.server_label, target="0 errors and 0 lost",
                  meets_target=load.errors(302) == 0 and ok <= created,
                  note="the worker (counting, mail delivery) and the scheduler run during the surge, as in "
                       "production; mail goes to the log backend")

    def confirm_throughput(self):
        agent = self.site.agent
        tokens = self.site.dir / "tokens.txt"
        agent.ask("pending", n=max(2000, int(500 * self.seconds)), tag="pending", path=str(tokens), timeout=300)
        before = agent.ask("stats")
        confirming = self.wrk.start(self.url("/"), "confirm.lua", self.seconds, connections=CONNECTIONS // 2,
                                    args=[tokens, 2], timeout=30)
        signing = self.wrk.start(self.url(self.sign_path), "sign.lua", self.seconds, connections=CONNECTIONS // 2,
                                 args=["during"], timeout=30)
        confirm, sign = self.wrk.finish(confirming), self.wrk.finish(signing)
        time.sleep(1)
        after = agent.ask("stats")
        confirmed = after["by_state"].get("validated", 0) - before["by_state"].get("validated", 0)
        self.emit("confirm_throughput", confirm.rate(302), **self.seen(confirm, 302),
                  lost=max(confirm.answered(302) - confirmed, 0), connections=CONNECTIONS // 2,
                  signing_per_s=sign.rate(302), signing_p99_ms=sign.ms("p99"), signing_errors=sign.errors(302),
                  server=self.site.server_label,
                  note=f"{CONNECTIONS // 2} connections confirming while {CONNECTIONS // 2} keep signing; "
                       "lost = 302 answers without a newly confirmed row")

    def dashboard(self):
        """The admin home with the morning screen at 1,000,000 signatures over 60 days (bench/dashboard.py)."""
        dashboard.measure(self.site, self.emit)

    def cost_growth(self):
        rows = self.site.options.export_rows
        seeded = self.site.agent.ask("seed_confirmed", total=rows, timeout=1800)
        say(f"{self.config}: {seeded['rows']} signatures ({seeded['added']} added in {seeded['seconds']} s)")
        for name, path in (("count_document", self.count_path), ("petition", self.pages["petition"])):
            small, large = self.small[name], self.probe(path)
            ratio = round(large.ms("p50") / small.ms("p50"), 3) if small.ms("p50") else None
            self.emit("cost_growth", ratio, page=name, ratio=ratio, **self.seen(large, 200),
                      small_p50_ms=small.ms("p50"), small_others_cpu=small.others_cpu, small_rows=SMALL,
                      large_rows=seeded["rows"], target="ratio <= 1.2", meets_target=ratio is not None and ratio <= 1.2,
                      note=f"p50 at one connection with {seeded['rows']} signatures over p50 with {SMALL}")

    def export(self):
        self.site.stop_servers()
        target = self.site.dir / "export.csv"
        meter = CpuMeter(self.site.processes)
        answer = subprocess.run([PYTHON, str(BENCH_DIR / "export_probe.py"), str(target)], cwd=ROOT,
                                env=self.site.env, capture_output=True, text=True, timeout=1800, check=True)
        result = json.loads(answer.stdout.strip().splitlines()[-1])
        target.unlink(missing_ok=True)
        self.emit("export_1m", result["seconds"], rows=result["rows"], peak_rss_mb=result["peak_rss_mb"],
                  baseline_rss_mb=result["baseline_rss_mb"], megabytes=round(result["chars"] / 1e6, 1),
                  others_cpu=meter.others(),
                  target="<= 15 s and <= 150 MB",
                  meets_target=result["seconds"] <= 15 and result["peak_rss_mb"] <= 150,
                  note="csv_chunks(signatures_to_export(petition)) written to a file in a fresh process; peak RSS "
                       "is the whole process (ru_maxrss), baseline_rss_mb what Django alone took before exporting")

    def _delivery_probe(self, part):
        answer = subprocess.run([PYTHON, str(BENCH_DIR / "delivery_probe.py"), part, str(self.site.dir / "delivery")],
                                cwd=ROOT, env=self.site.env, capture_output=True, text=True, timeout=3600, check=True)
        return json.loads(answer.stdout.strip().splitlines()[-1])

    def delivery(self):
        """The delivery pack (bench/delivery_probe.py): the summary PDF over every signature, then the names."""
        self.site.stop_servers()
        self.site.agent.ask("seed_confirmed", total=self.site.options.export_rows, timeout=1800)
        result = self._delivery_probe("summary")
        self.emit("delivery_summary", result["seconds"], **result, target="<= 30 s and <= 300 MB",
                  meets_target=result["seconds"] <= 30 and result["peak_rss_mb"] <= 300,
                  note="write_summary in a fresh process: counts by country, postal area and day, comments, chart "
                       "and QR code, laid out by WeasyPrint; peak RSS is the whole process")
        result = self._delivery_probe("names")
        self.emit("delivery_names_csv", result["csv_names_per_s"], names=result["names"],
                  seconds=result["csv_seconds"], peak_rss_mb=result["csv_peak_rss_mb"],
                  baseline_rss_mb=result["baseline_rss_mb"], target=">= 5000 names/s",
                  meets_target=result["csv_names_per_s"] >= 5000, note="names.csv, written in batches of 2,000")
        self.emit("delivery_names_pdf", result["pdf_names_per_s"], names=result["names"], volumes=result["volumes"],
                  seconds=result["pdf_seconds"], peak_rss_mb=result["peak_rss_mb"], target=">= 5000 names/s",
                  meets_target=(result["pdf_names_per_s"] or 0) >= 5000,
                  note="PDF volumes of at most 10,000 names, one WeasyPrint document each; peak RSS after CSV and "
                       "every volume (flat: one volume's names are held at a time)")

    def mailing(self):
        """bench/mailing.py in its own processes and database of this configuration: one JSON line."""
        self.site.stop_servers()
        env = {**self.site.env, "MAILING_BENCH_CONFIG": self.config}
        env.setdefault("MAILING_BENCH_RECIPIENTS", os.environ.get("BENCH_MAILING_RECIPIENTS") or "100000")
        answer = subprocess.run([PYTHON, str(BENCH_DIR / "mailing.py")], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=3600, check=True)
        result = json.loads(answer.stdout.strip().splitlines()[-1])
        result.pop("figure"), result.pop("config")
        value, unit = result.pop("value"), result.pop("unit")
        self.emit("mailing", value, unit, **result, target=">= 1000 messages/s and worker RSS <= 300 MB",
                  meets_target=value is not None and value >= 1000 and result["peak_rss_mb"] <= 300,
                  note="one personalised mailing through the real sending tasks to an SMTP sink in its own process; "
                       "lost = recipients without exactly one message")

    def transparency(self):
        """bench/transparency_probe.py in a fresh process of this configuration: proofs in a 1,000,000-leaf log
        and intake (sign, confirm, counting rounds) with and without the log."""
        self.site.stop_servers()
        answer = subprocess.run([PYTHON, str(BENCH_DIR / "transparency_probe.py")], cwd=ROOT, env=self.site.env,
                                capture_output=True, text=True, timeout=3600, check=True)
        result = json.loads(answer.stdout.strip().splitlines()[-1])
        for name, proof in (("inclusion", result["inclusion"]), ("consistency", result["consistency"])):
            self.emit(f"transparency_{name}", proof["p50_ms"], p95_ms=proof["p95_ms"], leaves=result["leaves"],
                      build_s=result["build_s"], target="p50 <= 20 ms", meets_target=proof["p50_ms"] <= 20,
                      note=f"the {name} proof API view in-process (RequestFactory), one request after another, "
                           "in a log of `leaves` entries built with bulk inserts")
        intake = result["intake"]
        self.emit("transparency_intake", intake["ratio"], with_log_per_s=intake["with_log_per_s"],
                  without_log_per_s=intake["without_log_per_s"], target="ratio >= 0.9",
                  meets_target=intake["ratio"] >= 0.9,
                  note="sign + confirm through the actions and a counting round per 50, in one process, with the "
                       "log's hooks registered over without them (median of 3 alternating runs each); signing "
                       "itself (POST /sign/, the signature_intake figure) never touches the log")

    def webhooks(self):
        """bench/webhook_probe.py in a fresh process of this configuration: 10,000 signature.confirmed events
        delivered to a receiver on loopback, and what announcing them adds to signing and counting."""
        self.site.stop_servers()
        answer = subprocess.run([PYTHON, str(BENCH_DIR / "webhook_probe.py")], cwd=ROOT, env=self.site.env,
                                capture_output=True, text=True, timeout=1800, check=True)
        targets = {"webhook_fanout": ("deliveries/s >= 500", lambda value: value >= 500),
                   "webhook_record_cost": ("intake <= 10 % slower", lambda value: value <= 10)}
        for line in answer.stdout.strip().splitlines():
            if not line.startswith("{"):
                continue
            result = json.loads(line)
            name, value, unit = result.pop("figure"), result.pop("value"), result.pop("unit")
            target, meets = targets.get(name, (None, None))
            if target:
                result.update(target=target, meets_target=value is not None and meets(value))
            self.emit(name, value, unit, **result)
