"""Delivery rounds: every endpoint with due deliveries gets a thread of its own for the round, so a slow or dead
receiver never delays another; one worker at a time delivers to an endpoint, holding a renewed lease on it, and a
killed worker's endpoint is taken back a lease later (what it had in flight is sent again, with the same
webhook-id). New events wake a round after their commit; the scheduler's sweep catches retries and lost wakes.
"""

import secrets
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from clarion.core import outage
from clarion.core.lease import Renewal, lease_seconds
from clarion.webhooks import outcomes, sending, signing
from clarion.webhooks.models import Delivery, DeliveryStatus, Endpoint

WAKE_KEY = "clarion:webhooks:wake"
WAKE_SECONDS = 1
ROUND_SECONDS = 20
BATCH = 100
MOST_THREADS = 16
LOOK_AGAIN = 1  # seconds between looks for endpoints newly due while the round runs


def wake_delivery():
    if not cache.add(WAKE_KEY, 1, WAKE_SECONDS) or outage.redis_down():
        return
    try:
        deliver_webhooks.enqueue()
    except outage.ERRORS as error:  # the queue is down: the rows wait, and the sweep sends them
        outage.failed(error, "queue")


@task()
def deliver_webhooks():
    cache.delete(WAKE_KEY)
    return deliver_round(time.monotonic() + ROUND_SECONDS)


def due_endpoints(now):
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now).values("endpoint_id")
    return list(Endpoint.objects.filter(Q(paused_until__isnull=True) | Q(paused_until__lte=now), enabled=True,
                                        pk__in=due).filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now)))


def _claim(endpoint, token, now):
    return bool(Endpoint.objects.filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now), pk=endpoint.pk)
                .update(leased_until=now + timedelta(seconds=lease_seconds()), lease_token=token))


def _renew(token):
    Endpoint.objects.filter(lease_token=token).update(
        leased_until=timezone.now() + timedelta(seconds=lease_seconds()))


def _release(token):
    Endpoint.objects.filter(lease_token=token).update(leased_until=None, lease_token="")


def _claim_new(token, sessions):
    now = timezone.now()
    claimed = [e for e in due_endpoints(now) if e.pk not in sessions and _claim(e, token, now)]
    for endpoint in claimed:
        sessions[endpoint.pk] = sending.new_pool()
    return claimed


def next_batch(endpoint, now=None):
    """The endpoint's next due deliveries, signed-ready: (delivery_id, message_id, body)."""
    now = now or timezone.now()
    due = (Delivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
           .select_related("event").order_by("next_attempt_at", "pk")[:BATCH])
    return [(d.pk, d.message_id, signing.body(d.event, endpoint, d.extra)) for d in due]


def deliver_round(deadline):
    """Deliver what is due to every endpoint this worker can claim, until `deadline`; returns how many arrived."""
    token, now = secrets.token_hex(8), timezone.now()
    endpoints = [e for e in due_endpoints(now) if _claim(e, token, now)]
    if not endpoints:
        return 0
    delivered = 0
    sessions = {e.pk: sending.new_pool() for e in endpoints}
    try:
        with Renewal(lambda: _renew(token)) as lease, \
                ThreadPoolExecutor(max_workers=MOST_THREADS) as pool:
            running, failed = {}, set()

            def start(endpoint):
                items = next_batch(endpoint) if lease.held() and time.monotonic() < deadline else []
                if items:
                    running[pool.submit(sending.post_batch, sessions[endpoint.pk], endpoint.url, endpoint.secret,
                                        items, deadline)] = endpoint

            for endpoint in endpoints:
                start(endpoint)
            looked = time.monotonic()
            while running:
                done, _pending = wait(running, timeout=LOOK_AGAIN, return_when=FIRST_COMPLETED)
                if time.monotonic() - looked >= LOOK_AGAIN and time.monotonic() < deadline:
                    # Events that came while another endpoint hangs: for endpoints idle here, or new to the round.
                    looked = time.monotonic()
                    busy = set(map(id, running.values()))
                    for endpoint in [e for e in endpoints if id(e) not in busy and e.pk not in failed]:
                        start(endpoint)
                    for endpoint in _claim_new(token, sessions):
                        endpoints.append(endpoint)
                        start(endpoint)
                for future in done:
                    endpoint = running.pop(future)
                    results = future.result()
                    outcomes.record(endpoint, results)
                    delivered += sum(o.ok for o in results)
                    if results and all(o.ok for o in results):
                        endpoint.failures, endpoint.paused_until = 0, None
                        start(endpoint)
                    else:
                        failed.add(endpoint.pk)
    finally:
        for pool in sessions.values():
            pool.clear()
        _release(token)
    if time.monotonic() >= deadline:  # out of time with work left: the next round starts after what else waits
        deliver_webhooks.enqueue()
    return delivered


@task()
def sweep_webhooks():
    """The scheduler's sweep: retries whose back-off has passed, and wakes lost while the queue was down."""
    if due_endpoints(timezone.now()):
        return deliver_round(time.monotonic() + ROUND_SECONDS)
    return 0
