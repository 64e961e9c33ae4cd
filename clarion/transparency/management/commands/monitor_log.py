import json
import urllib.error
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clarion.transparency.monitor import FetchError, check


def fetcher(base_url):
    def fetch(path):
        try:
            with urllib.request.urlopen(base_url.rstrip("/") + path, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            raise FetchError(f"{error.code}: {error.read().decode(errors='replace').strip()}") from error
    return fetch


class Command(BaseCommand):
    help = ("Monitor a petition's transparency log over its public API, as any third party can: checks every "
            "head's signature and that each extends the last one seen (kept in --state).")

    def add_arguments(self, parser):
        parser.add_argument("base_url", help="the site, e.g. https://petitions.example.org")
        parser.add_argument("petition_id", type=int)
        parser.add_argument("--state", type=Path, required=True, help="a JSON file kept between runs")

    def handle(self, base_url, petition_id, state, **options):
        known = json.loads(state.read_text()) if state.exists() else {}
        try:
            found, known = check(fetcher(base_url), petition_id, known)
        except FetchError as error:
            raise CommandError(f"The site did not answer: {error}") from error
        if found:
            raise CommandError("The log does not check out:\n  " + "\n  ".join(found))
        state.write_text(json.dumps(known))
        head = known["head"]
        self.stdout.write(f"Petition {petition_id}: log consistent up to {head['tree_size'] if head else 0} entries.")
