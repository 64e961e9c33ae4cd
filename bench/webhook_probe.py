"""Webhook figures, in a fresh process; prints one JSON object per figure. Runnable alone:
`.venv/bin/python bench/webhook_probe.py` (a throw-away SQLite data folder unless DATABASE_URL is given).

- webhook_fanout: WEBHOOK_BENCH_EVENTS (10,000) signature.confirmed events recorded for one endpoint, then
  delivered by delivery rounds (clarion.webhooks.rounds, as the worker runs them) to a receiver on loopback in
  another process that answers 204: deliveries/s, target ≥ 500. Bounded by WEBHOOK_BENCH_SECONDS (20).
- webhook_record_ms: what the counting round pays per newly counted signature to announce it (the
  signature.confirmed listener: event and delivery rows, in batches per petition), over the intake's signatures.
- webhook_record_cost: signing and confirming WEBHOOK_BENCH_INTAKE signatures through the actions, with an
  endpoint subscribed to signature.confirmed and without: signatures/s each (median of three runs,
  alternating) and the slowdown, target ≤ 10 %.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")
os.environ.setdefault("CLARION_DATA_DIR", tempfile.mkdtemp(prefix="clarion-webhook-bench-"))
os.environ.setdefault("SECRET_KEY", "webhook-bench-only-" + "x" * 40)
os.environ["CLARION_WEBHOOKS_ALLOW_PRIVATE"] = "1"  # the receiver is on loopback

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page  # noqa: E402

from clarion.petitions import actions, tokens  # noqa: E402
from clarion.petitions.models import PetitionPage, Signature  # noqa: E402
from clarion.webhooks import listeners  # noqa: E402
from clarion.webhooks.models import Delivery, DeliveryStatus, Endpoint, Event, EventType  # noqa: E402
from clarion.webhooks.record import record  # noqa: E402
from clarion.webhooks.rounds import deliver_round  # noqa: E402

EVENTS = int(os.environ.get("WEBHOOK_BENCH_EVENTS") or 10_000)
SECONDS = float(os.environ.get("WEBHOOK_BENCH_SECONDS") or 20)
INTAKE = int(os.environ.get("WEBHOOK_BENCH_INTAKE") or 200)

RECEIVER = """
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(204); self.send_header("content-length", "0"); self.end_headers()
    def log_message(self, *a): pass
server = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(server.server_port, flush=True)
server.serve_forever()
"""


def emit(figure, value, unit, **details):
    print(json.dumps({"figure": figure, "value": value, "unit": unit, **details}), flush=True)


def new_petition(slug):
    home = Page.objects.filter(depth=2).first()
    slug = f"{slug}-{uuid.uuid4().hex[:8]}"  # a database used before keeps its earlier runs' pages
    petition = PetitionPage(title=f"Bench {slug}", slug=slug, target_name="Oren Vale", demand="Hear us.",
                            goal=1000, closes_at=timezone.now() + timedelta(days=9))
    home.add_child(instance=petition)
    petition.save_revision().publish()
    return petition


def fanout(port):
    Endpoint.objects.all().delete()
    endpoint = Endpoint.objects.create(name="Bench", url=f"http://127.0.0.1:{port}/hook",
                                       events=[EventType.SIGNATURE_CONFIRMED])
    petition = new_petition("fanout")
    with transaction.atomic():
        for n in range(EVENTS):
            record(EventType.SIGNATURE_CONFIRMED, {"petition": {"id": petition.pk, "title": petition.title},
                                                   "count": n}, endpoints=[endpoint])
    started = time.monotonic()
    deadline = started + SECONDS
    while time.monotonic() < deadline:
        if not deliver_round(deadline):
            break
    elapsed = time.monotonic() - started
    delivered = Delivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.DELIVERED).count()
    emit("webhook_fanout", round(delivered / elapsed, 1), "deliveries/s", delivered=delivered, events=EVENTS,
         seconds=round(elapsed, 2), target=500)


def intake_rate(petition, prefix):
    started = time.monotonic()
    for n in range(INTAKE):
        signature = actions.sign_petition(petition, name="Bench Signer", email=f"{prefix}{n}@example.org",
                                          country="DE", elapsed_ms=8000).signature
        actions.confirm_signature(tokens.confirmation_token(signature))
    return INTAKE / (time.monotonic() - started)


def record_cost(port):
    Endpoint.objects.all().delete()
    rates = {"with": [], "without": []}
    for run in range(3):
        for mode in (("with", "without") if run % 2 == 0 else ("without", "with")):
            Endpoint.objects.all().delete()
            if mode == "with":
                Endpoint.objects.create(name="Bench", url=f"http://127.0.0.1:{port}/hook",
                                        events=[EventType.SIGNATURE_CONFIRMED], may_receive_personal=True)
            rates[mode].append(intake_rate(new_petition(f"intake-{mode}-{run}"), f"{mode}{run}-"))
    with_, without = statistics.median(rates["with"]), statistics.median(rates["without"])
    emit("webhook_record_cost", round(100 * (1 - with_ / without), 1), "% slower intake",
         with_endpoint=round(with_, 1), without=round(without, 1), unit_rate="signatures/s", target=10,
         signatures=INTAKE, runs={mode: [round(rate, 1) for rate in values] for mode, values in rates.items()})
    return without


def record_ms(port, signatures_per_s):
    """What the counting round pays to announce its newly counted signatures, per signature."""
    Endpoint.objects.all().delete()
    Event.objects.all().delete()
    Endpoint.objects.create(name="Bench", url=f"http://127.0.0.1:{port}/hook",
                            events=[EventType.SIGNATURE_CONFIRMED], may_receive_personal=True)
    by_petition = {}
    for pk, petition_id in Signature.objects.filter(confirmed_at__isnull=False).values_list("pk", "petition_id"):
        by_petition.setdefault(petition_id, []).append(pk)
    started = time.perf_counter()
    for petition_id, pks in by_petition.items():
        with transaction.atomic():
            listeners.signatures_counted(petition_id, pks, [])
    calls = sum(map(len, by_petition.values()))
    per = (time.perf_counter() - started) * 1000 / calls
    emit("webhook_record_ms", round(per, 3), "ms", signatures=calls, signing_ms=round(1000 / signatures_per_s, 2),
         note="in the counting round (a worker), per newly counted signature; signing and confirming pay 0")


def main():
    call_command("migrate", verbosity=0)
    receiver = subprocess.Popen([sys.executable, "-c", RECEIVER], stdout=subprocess.PIPE, text=True)
    try:
        port = int(receiver.stdout.readline())
        fanout(port)
        record_ms(port, record_cost(port))
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)


if __name__ == "__main__":
    main()
