"""Posting one endpoint's batch of deliveries, in a thread of its own: it touches no database, so a slow
receiver holds only its own thread. It stops at the first failure: the rest wait for the endpoint's back-off."""

import time
from dataclasses import dataclass

import requests

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


def post_batch(session, url, secret, items, deadline):
    """POST each (delivery_id, message_id, body) in order; returns the outcomes of those tried."""
    try:
        check_url(url)
    except UnsafeTarget as refusal:
        return [Outcome(items[0][0], None, f"Refused: {refusal}")]
    outcomes = []
    for delivery_id, message_id, text in items:
        try:
            response = session.post(url, data=text.encode(), headers=signing.headers(secret, message_id, text),
                                    timeout=timeout(), allow_redirects=False)
            response.close()
            outcome = Outcome(delivery_id, response.status_code,
                              "" if response.ok else f"HTTP {response.status_code} {response.reason or ''}".strip())
        except requests.RequestException as error:
            outcome = Outcome(delivery_id, None, _describe(error))
        outcomes.append(outcome)
        if not outcome.ok or time.monotonic() >= deadline:
            break
    return outcomes


def _describe(error):
    if isinstance(error, requests.Timeout):
        return "Timed out"
    if isinstance(error, requests.ConnectionError):
        return "Could not connect"
    return type(error).__name__
