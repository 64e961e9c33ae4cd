"""The transparency log's figures, in a fresh process of the configuration under test; prints one JSON object.

- proofs: a petition of its own gets a 1,000,000-leaf log (bulk inserts of its entries and stored hashes, as
  the counting round would have appended them); then TRANSPARENCY_BENCH_PROOFS inclusion proofs for random
  receipts and as many consistency proofs between random sizes are asked of the API views in this process
  (RequestFactory, the whole view and its queries, no network), one after another: p50 and p95 in ms.
- intake: signing, confirming and one counting round per 50 signatures through the actions, with the log's
  hooks registered and with them removed, each run on its own petition in alternating order: signatures/s
  each (median of three) and their ratio.
"""

import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page  # noqa: E402

from clarion.petitions import actions, signing, tokens  # noqa: E402
from clarion.petitions.counting import count_round  # noqa: E402
from clarion.petitions.models import PetitionPage  # noqa: E402
from clarion.transparency import heads, merkle, views  # noqa: E402
from clarion.transparency.log import computed  # noqa: E402
from clarion.transparency.models import LogEntry, LogState, Node  # noqa: E402

LEAVES = int(os.environ.get("TRANSPARENCY_BENCH_LEAVES") or 1_000_000)
PROOFS = int(os.environ.get("TRANSPARENCY_BENCH_PROOFS") or 200)
INTAKE = int(os.environ.get("TRANSPARENCY_BENCH_INTAKE") or 300)
BATCH = 20_000


def new_petition(slug):
    home = Page.objects.filter(depth=2).first()
    petition = PetitionPage(title=f"Bench {slug}", slug=slug, target_name="Oren Vale", demand="Count us.",
                            goal=LEAVES, closes_at=timezone.now() + timedelta(days=9))
    home.add_child(instance=petition)
    petition.save_revision().publish()
    return petition


def _insert(model, columns, rows):
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
                           f"VALUES ({marks})", rows)


def build_log(petition):
    """LEAVES count entries and every perfect subtree over them, appended in batches as rounds would."""
    pk, size, digests = petition.pk, 0, []
    now = timezone.now()
    nodes = {}
    while size < LEAVES:
        chunk = [os.urandom(32) for _ in range(min(BATCH, LEAVES - size))]
        digests += chunk
        leaves = [merkle.leaf_hash(b"\x00" + digest) for digest in chunk]
        made = merkle.new_perfect_nodes(size, leaves, lambda level, index, edge=nodes: edge[(level, index)])
        with transaction.atomic():
            _insert(LogEntry, ["petition_id", "index", "kind", "receipt_hash", "created_at"],
                    [(pk, size + i, 0, digest, now) for i, digest in enumerate(chunk)])
            _insert(Node, ["petition_id", "level", "index", "hash"],
                    [(pk, level, index, digest) for (level, index), digest in made.items()])
        size += len(chunk)
        # The next batch reads only the right edge: the last complete node of each level.
        nodes = {(level, index): digest for (level, index), digest in (nodes | made).items()
                 if index == (size >> level) - 1}
    LogState.objects.create(petition=petition, size=size, count=size)
    for published in (size // 2, size):
        heads.publish(pk, published, published, computed(pk, lambda perfect, n=published: merkle.root(n, perfect)))
    return digests


def timed(calls):
    times = []
    for call in calls:
        began = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.content
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(len(times) * 0.95)], 2)}


def proofs(petition, digests):
    factory, pk = RequestFactory(), petition.pk
    chosen = random.sample(digests, PROOFS)
    inclusion = timed(lambda digest=digest: views.inclusion(
        factory.get("/"), pk=pk, receipt_hash=digest.hex())
        for digest in chosen)
    pairs = [sorted(random.sample(range(1, LEAVES + 1), 2)) for _ in range(PROOFS)]
    consistency = timed(lambda first=first, second=second: views.consistency(
        factory.get("/", {"first": first, "second": second}), pk=pk) for first, second in pairs)
    return inclusion, consistency


def intake_rate(petition, start, n, log_on):
    saved = signing._confirmed[:], signing._count_changes[:]
    if not log_on:
        signing._confirmed.clear()
        signing._count_changes.clear()
    try:
        began = time.perf_counter()
        for i in range(start, start + n):
            signature = actions.sign_petition(petition, name="Bench Signer", email=f"b{i}@example.org", country="DE",
                                              ip=f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}",
                                              elapsed_ms=8000).signature
            actions.confirm_signature(tokens.confirmation_token(signature))
            if i % 50 == 49:
                count_round()
        count_round()
        return n / (time.perf_counter() - began)
    finally:
        signing._confirmed[:], signing._count_changes[:] = saved


def intake():
    """Each run on a petition of its own, in the order off-on, on-off, off-on: neither side always comes second."""
    rates = {True: [], False: []}
    start = 0
    for order in ((False, True), (True, False), (False, True)):
        for log_on in order:
            petition = new_petition(f"bench-intake-{os.getpid()}-{start}")
            rates[log_on].append(intake_rate(petition, start, INTAKE, log_on))
            start += INTAKE
    on, off = statistics.median(rates[True]), statistics.median(rates[False])
    return {"with_log_per_s": round(on, 1), "without_log_per_s": round(off, 1), "ratio": round(on / off, 3)}


def main():
    petition = new_petition("bench-log")
    began = time.monotonic()
    digests = build_log(petition)
    built = time.monotonic() - began
    inclusion, consistency = proofs(petition, digests)
    print(json.dumps({"leaves": LEAVES, "build_s": round(built, 1), "inclusion": inclusion,
                      "consistency": consistency, "intake": intake()}))


if __name__ == "__main__":
    main()
