"""Export every signature of the demo petition to CSV, as the admin does; print seconds and memory as JSON.

Run in its own process so its peak resident memory (ru_maxrss) is the export's and Django's, nothing else.
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

from clarion.petitions.exports import csv_chunks, signatures_to_export  # noqa: E402
from clarion.petitions.models import PetitionPage  # noqa: E402


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(target):
    petition = PetitionPage.objects.live().order_by("pk").first()  # the original: translations count into it
    baseline = rss_mb()
    began = time.monotonic()
    size = 0
    with open(target, "w", encoding="utf-8", newline="") as out:
        for chunk in csv_chunks(signatures_to_export(petition)):
            size += len(chunk)
            out.write(chunk)
    seconds = time.monotonic() - began
    print(json.dumps({"seconds": round(seconds, 2), "rows": signatures_to_export(petition).count(), "chars": size,
                      "peak_rss_mb": round(rss_mb(), 1), "baseline_rss_mb": round(baseline, 1)}))


if __name__ == "__main__":
    main(sys.argv[1])
