"""A real HTTP receiver on loopback that verifies what it gets with the library a receiver would use, and the
helpers that add endpoints and run a delivery round as the tasks worker does."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks.webhooks import Webhook

from clarion.petitions.counting import count_round
from clarion.webhooks.models import Endpoint, EventType
from clarion.webhooks.rounds import deliver_round

ALL_EVENTS = [value for value in EventType.values if value != EventType.TEST]


class Receiver:
    """Answers each POST with the next planned code (then `code`), after `delay` seconds; keeps what arrived."""

    def __init__(self):
        self.received, self.plan, self.code, self.delay = [], [], 204, 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with receiver.lock:
                    receiver.received.append({"path": self.path, "headers": dict(self.headers), "body": body,
                                              "at": time.monotonic()})
                    code = receiver.plan.pop(0) if receiver.plan else receiver.code
                time.sleep(receiver.delay)
                self.send_response(code)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path="/hook"):
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def verified(self, secret):
        """Every delivery, checked as a receiver checks it: a wrong signature raises here."""
        return [Webhook(secret).verify(r["body"], r["headers"]) for r in self.received]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def other_receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    """The receiver is on loopback, which production refuses (test_ssrf.py turns this off again)."""
    settings.CLARION_WEBHOOKS_ALLOW_PRIVATE = True
    settings.CLARION_WEBHOOKS_TIMEOUT = 1


def endpoint(url, events=None, **fields):
    return Endpoint.objects.create(name=fields.pop("name", "CRM"), url=url, events=events or ALL_EVENTS, **fields)


def deliver(seconds=10):
    """A counting round (which announces newly confirmed signatures), then one delivery round, as the worker
    runs them."""
    count_round()
    return deliver_round(time.monotonic() + seconds)


def bodies(receiver):
    return [json.loads(r["body"]) for r in receiver.received]
