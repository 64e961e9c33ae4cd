"""The delivery pack at scale, on the demo petition the bench seeded: one part per process, so each peak resident
memory (ru_maxrss) is that part's and Django's alone. Prints one JSON object.

    delivery_probe.py summary <folder>   the summary PDF (every figure, table and chart over all signatures)
    delivery_probe.py names <folder>     the names CSV and the PDF volumes of those who chose to give their name
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")

import django  # noqa: E402

django.setup()

from clarion.delivery import figures  # noqa: E402
from clarion.delivery.models import DeliveryPack  # noqa: E402
from clarion.delivery.names import write_csv, write_volumes  # noqa: E402
from clarion.delivery.summary import write_summary  # noqa: E402
from clarion.petitions.models import PetitionPage, Signature  # noqa: E402


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def summary(folder):
    petition = PetitionPage.objects.live().order_by("pk").first()  # the original: translations count into it
    baseline = rss_mb()
    began = time.monotonic()
    pack = DeliveryPack(petition=petition, cover_letter="Dear Minister,\n\nwe hand you this petition.",
                        verified=figures.verified(petition).count(), paper=figures.paper_total(petition),
                        names=figures.names_for_target(petition).count())
    write_summary(pack, folder / "summary.pdf")
    return {"seconds": round(time.monotonic() - began, 2), "signatures": pack.verified,
            "bytes": (folder / "summary.pdf").stat().st_size, "peak_rss_mb": round(rss_mb(), 1),
            "baseline_rss_mb": round(baseline, 1)}


def _give_names(petition, wanted):
    """Bench data: as many verified signers as `wanted` chose to give their name (the dashboard's seed has none)."""
    missing = wanted - figures.names_for_target(petition).count()
    if missing > 0:
        more = figures.verified(petition).filter(name_to_target=False).order_by("pk").values("pk")[:missing]
        Signature.objects.filter(pk__in=list(more.values_list("pk", flat=True))).update(
            name_to_target=True, name_to_target_text="Yes, give my name to the target.")


def names(folder):
    petition = PetitionPage.objects.live().order_by("pk").first()  # the original: translations count into it
    _give_names(petition, int(os.environ.get("BENCH_DELIVERY_NAMES") or 50_000))
    pack = DeliveryPack(petition=petition)
    baseline = rss_mb()
    began = time.monotonic()
    count = write_csv(petition, folder / "names.csv", lambda n: None)
    csv_seconds = time.monotonic() - began
    csv_rss = rss_mb()
    began = time.monotonic()
    volumes = write_volumes(pack, folder, lambda n: None)
    pdf_seconds = time.monotonic() - began
    return {"names": count, "csv_seconds": round(csv_seconds, 2), "csv_names_per_s": round(count / csv_seconds),
            "csv_peak_rss_mb": round(csv_rss, 1), "volumes": len(volumes), "pdf_seconds": round(pdf_seconds, 2),
            "pdf_names_per_s": round(count / pdf_seconds) if pdf_seconds else None,
            "peak_rss_mb": round(rss_mb(), 1), "baseline_rss_mb": round(baseline, 1)}


if __name__ == "__main__":
    part, folder = sys.argv[1], Path(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    print(json.dumps({"summary": summary, "names": names}[part](folder)))
