"""The morning screen's figure: the Wagtail admin home, with its dashboard panel, at 1,000,000 signatures.

The agent adds signatures over BENCH_DASHBOARD_DAYS days (bulk inserts) until the demo petition has
BENCH_DASHBOARD_ROWS, backfills the hourly figures, and signs a superuser in; then BENCH_DASHBOARD_REQUESTS
requests of /admin/, one after another on one connection, are timed here.
"""

import http.client
import os
import statistics
import time

from harness import CpuMeter, say

PANEL = b'id="morning-screen-section"'
WARM_UP = 4


def options():
    return {"rows": int(os.environ.get("BENCH_DASHBOARD_ROWS") or 1_000_000),
            "days": int(os.environ.get("BENCH_DASHBOARD_DAYS") or 60),
            "requests": int(os.environ.get("BENCH_DASHBOARD_REQUESTS") or 50)}


def _timed_gets(port, cookie, count):
    """Milliseconds of each GET /admin/; raises when an answer is not the dashboard with its panel."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    timings = []
    try:
        for _ in range(count):
            began = time.perf_counter()
            connection.request("GET", "/admin/", headers={"Cookie": cookie})
            response = connection.getresponse()
            body = response.read()
            timings.append((time.perf_counter() - began) * 1000)
            if response.status != 200 or PANEL not in body:
                raise RuntimeError(f"/admin/ answered {response.status} without the morning screen")
    finally:
        connection.close()
    return timings


def measure(site, emit):
    wanted = options()
    seeded = site.agent.ask("seed_dashboard", total=wanted["rows"], days=wanted["days"], timeout=3600)
    say(f"{site.config}: {seeded['rows']} signatures ({seeded['added']} added in {seeded['seed_s']} s), "
        f"backfill {seeded['backfill_s']} s")
    _timed_gets(site.port, seeded["cookie"], WARM_UP)
    meter = CpuMeter(site.processes)
    timings = _timed_gets(site.port, seeded["cookie"], wanted["requests"])
    others_cpu = meter.others()
    p50 = round(statistics.median(timings), 1)
    p95 = round(statistics.quantiles(timings, n=20, method="inclusive")[18], 1)
    emit("dashboard", p50, p50_ms=p50, p95_ms=p95, requests=len(timings), rows=seeded["rows"],
         days=wanted["days"], backfill_s=seeded["backfill_s"], backfill_hours=seeded["backfill_hours"],
         hour_rollup_s=seeded["hour_rollup_s"], others_cpu=others_cpu, target="p50 <= 200 ms", meets_target=p50 <= 200,
         note="GET /admin/ as a signed-in superuser, one request after another on one connection, after "
              f"{WARM_UP} unmeasured ones; the morning screen's figures come from the stored hourly figures "
              "(backfill_s: manage.py backfill_hourly_figures over every signature; hour_rollup_s: one hour "
              "counted again, a periodic round's work) and live indexed ranges since the last roll-up")
