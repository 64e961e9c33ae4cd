"""A real SMTP server (aiosmtpd) on loopback that keeps every message it receives."""

import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


class _Inbox:
    def __init__(self):
        self.messages = []
        self.peers = set()
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
            self.peers.add(session.peer)
        return "250 OK"

    @property
    def sessions(self):
        """How many SMTP connections delivered messages (one client port per connection)."""
        with self._lock:
            return len(self.peers)

    def to(self, address):
        with self._lock:
            return [m for m in self.messages if address in (m["To"] or "")]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """Start an SMTP server on 127.0.0.1 and point Django's e-mail backend at it."""
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    inbox.port = port
    yield inbox
    controller.stop()
