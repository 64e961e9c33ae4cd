"""Posting one endpoint's batch of deliveries, in a thread of its own: it touches no database, so a slow
receiver holds only its own thread. It stops at the first failure: the rest wait for the endpoint's back-off."""

import time
from dataclasses import dataclass

import urllib3
from urllib3.exceptions import HTTPError, TimeoutError

from clarion.config import setting
from clarion.webhooks import signing
from clarion.webhooks.targets import UnsafeTarget, check_url


@dataclass
class Outcome:
    delivery_id: int
    code: int | None
    error: str = ""

    @property
    def ok(self):
        return self.code is not None and 200 <= self.code < 300


def timeout():
    return float(setting("CLARION_WEBHOOKS_TIMEOUT"))


def new_pool():
    """One kept-alive connection per endpoint; urllib3 itself, as requests cost three times as much per POST."""
    return urllib3.PoolManager(maxsize=1, retries=False)


def post_batch(pool, url, secret, items, deadline):
    """POST each (delivery_id, message_id, body) in order; returns the outcomes of those tried."""
    try:
        check_url(url)
    except UnsafeTarget as refusal:
        return [Outcome(items[0][0], None, f"Refused: {refusal}")]
    outcomes = []
    limit = urllib3.Timeout(total=timeout())
    for delivery_id, message_id, text in items:
        try:
            response = pool.request("POST", url, body=text.encode(), headers=signing.headers(secret, message_id, text),
                                    timeout=limit, redirect=False, preload_content=False)
            response.drain_conn()  # the answer's body is not wanted; reading it keeps the connection for the next
            response.release_conn()
            code = response.status
            error = "" if 200 <= code < 300 else f"HTTP {code} {response.reason or ''}".strip()
            outcome = Outcome(delivery_id, code, error)
        except (HTTPError, OSError) as error:
            outcome = Outcome(delivery_id, None, _describe(error))
        outcomes.append(outcome)
        if not outcome.ok or time.monotonic() >= deadline:
            break
    return outcomes


def _describe(error):
    # First: urllib3's NewConnectionError is a kind of ConnectTimeoutError, though nothing timed out.
    if isinstance(error, (urllib3.exceptions.NewConnectionError, ConnectionError)):
        return "Could not connect"
    if isinstance(error, TimeoutError):
        return "Timed out"
    return type(error).__name__
