"""Pete protects the count: many supporters sign and confirm at the same moment while counting rounds run,
and nobody gets an error, nothing waits for a lock until it times out, and the final count is exact.

Runs against a live threaded server and the configured database: SQLite under `make test`, PostgreSQL
under `make test-scale`.
"""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection

from clarion.petitions import actions, tokens
from clarion.petitions.counting import count_round
from clarion.petitions.models import PetitionCount, Signature, SignatureState
from tests.petitions.conftest import HUMAN_ELAPSED_MS, make_petition

SIGNERS = 240
CONNECTIONS = 16


@pytest.fixture
def live_petition(live_server, django_db_serialized_rollback, settings):
    settings.CLARION_TRUSTED_PROXIES = ["127.0.0.1"]
    return live_server.url, make_petition()


def _post_signature(base_url, petition, n):
    data = {"name": f"Signer {n}", "email": f"signer{n}@example.org", "country": "FR", "postal_code": "",
            "comment": "", "website": "", "elapsed": HUMAN_ELAPSED_MS}
    # Every signer from an address of their own, as through a proxy: the per-IP limits stay out of the way.
    headers = {"X-Forwarded-For": f"10.9.{n // 250}.{n % 250 + 1}"}
    response = requests.post(base_url + petition.get_sign_url(), data=data, headers=headers,
                             allow_redirects=False, timeout=60)
    return response.status_code


def _confirm(base_url, token):
    return requests.get(f"{base_url}/petitions/confirm/{token}/", allow_redirects=False, timeout=60).status_code


class CountingRounds(threading.Thread):
    """Counting rounds one after another on their own database connection, as the worker runs them."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.rounds = 0
        self.errors = []

    def run(self):
        try:
            while not self.stop.is_set():
                count_round()
                self.rounds += 1
        except Exception as error:  # a lock timeout or deadlock would land here
            self.errors.append(error)
        finally:
            connection.close()

    def finish(self):
        self.stop.set()
        self.join(timeout=60)


def test_simultaneous_signing_and_confirming_count_exactly(live_petition):
    base_url, petition = live_petition
    counting = CountingRounds()
    counting.start()
    try:
        with ThreadPoolExecutor(CONNECTIONS) as pool:
            signed = list(pool.map(lambda n: _post_signature(base_url, petition, n), range(SIGNERS)))
        links = [tokens.confirmation_token(s) for s in Signature.objects.filter(petition=petition)]
        with ThreadPoolExecutor(CONNECTIONS) as pool:
            # Confirmations and a second wave of new signatures at once, as in a surge.
            confirming = pool.map(lambda token: _confirm(base_url, token), links)
            late = pool.map(lambda n: _post_signature(base_url, petition, n), range(SIGNERS, SIGNERS + 80))
            confirmed, late = list(confirming), list(late)
    finally:
        counting.finish()

    assert counting.errors == [] and counting.rounds > 0
    assert signed + late == [302] * (SIGNERS + 80)
    assert confirmed == [302] * SIGNERS
    assert Signature.objects.filter(petition=petition).count() == SIGNERS + 80
    assert Signature.objects.filter(petition=petition, state=SignatureState.VALIDATED).count() == SIGNERS
    count_round()
    assert PetitionCount.objects.get(petition=petition).count == SIGNERS


PAIRS = 40


def test_two_links_of_one_signer_clicked_at_the_same_moment_count_once(live_petition):
    base_url, petition = live_petition
    # Each person signed twice (a stranger and they, or they twice): two pending entries, two links.
    for n in range(PAIRS):
        for choice in ("IR", "DE"):
            actions.sign_petition(petition, name=f"Signer {n}", email=f"pair{n}@example.org", country=choice,
                                  ip=f"10.8.{n}.1", elapsed_ms=8000)
    entries = list(Signature.objects.filter(petition=petition).order_by("pk"))
    assert len(entries) == 2 * PAIRS
    links = [tokens.confirmation_token(s) for s in entries]
    start = threading.Barrier(CONNECTIONS)

    def click(token):
        # Waves of CONNECTIONS clicks leave together; each person's two links are in the same wave.
        with contextlib.suppress(threading.BrokenBarrierError):
            start.wait(timeout=5)
        return _confirm(base_url, token)

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        answers = list(pool.map(click, links))

    assert sorted(answers) == [302] * PAIRS + [410] * PAIRS  # one confirmed, one "replaced", for each person
    confirmed = Signature.objects.filter(petition=petition, confirmed_at__isnull=False)
    assert confirmed.count() == PAIRS
    assert Signature.objects.filter(petition=petition).count() == PAIRS  # the other entry of each was dropped
    assert sorted(confirmed.values_list("email", flat=True)) == sorted(f"pair{n}@example.org" for n in range(PAIRS))
    count_round()
    assert PetitionCount.objects.get(petition=petition).count == PAIRS
