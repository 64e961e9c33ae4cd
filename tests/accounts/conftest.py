"""An editor with a password, and signing in to the admin through its login form as a browser does."""

import base64
import hashlib
import hmac
import time

import pytest

PASSWORD = "candles at the camp gate"
LOGIN = "/admin/login/"


@pytest.fixture
def editor(db, django_user_model):
    """Farah, an editor (Wagtail's Editors group)."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("farah", "farah@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def sign_in(client, username, password, ip="198.51.100.7", **headers):
    """Post the admin's login form from `ip`; returns the unfollowed response."""
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip,
                       **headers)


def signed_in(answer):
    return answer.status_code == 302 and answer["Location"] == "/admin/"


def totp_code(key, at=None, steps_ahead=0):
    """What an authenticator app shows for `key` (bytes) at `at` (default now), written out from RFC 6238
    rather than taken from the library under test."""
    counter = int((time.time() if at is None else at) // 30) + steps_ahead
    mac = hmac.new(key, counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(int.from_bytes(mac[offset:offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


def key_of(text):
    """The key an enrolment page shows (base32, in groups of four), as the bytes an app would keep."""
    return base64.b32decode(text.replace(" ", ""))
