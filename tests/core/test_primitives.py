"""The shared pieces trust rests on: keyed hashes, sealed links, address buckets."""

import base64
import time

import pytest
from django.core.signing import BadSignature, SignatureExpired

from clarion.core import keyed, sealed
from clarion.core.netaddr import ip_bucket, truncated_ip


def test_a_keyed_hash_cannot_be_recomputed_from_a_list_of_addresses_without_the_key(settings):
    settings.CLARION_HASH_KEYS = ["first-key"]
    digest = keyed.keyed_hash("jane@example.org", "signature")

    import hashlib

    plain = {hashlib.sha256(v.encode()).hexdigest() for v in ("jane@example.org", "signature:jane@example.org")}
    assert digest.split(":")[1] not in {p[: keyed.DIGEST_CHARS] for p in plain}
    assert digest == keyed.keyed_hash("jane@example.org", "signature")
    assert digest != keyed.keyed_hash("jane@example.org", "other-purpose")
    settings.CLARION_HASH_KEYS = ["another-key"]
    assert keyed.keyed_hash("jane@example.org", "signature") != digest


def test_after_a_rotation_look_ups_still_match_hashes_made_with_the_old_key(settings):
    settings.CLARION_HASH_KEYS = ["old"]
    old = keyed.keyed_hash("jane@example.org", "signature")
    settings.CLARION_HASH_KEYS = ["new", "old"]
    assert old in keyed.keyed_hashes("jane@example.org", "signature")
    assert keyed.keyed_hashes("jane@example.org", "signature")[0] == keyed.keyed_hash("jane@example.org", "signature")
    assert not keyed.is_current(old)
    assert keyed.is_current(keyed.keyed_hash("jane@example.org", "signature"))


def test_a_sealed_link_reveals_nothing_and_opens_only_for_its_purpose():
    token = sealed.seal({"id": 12345, "email": "jane@example.org"}, "confirm")
    assert "=" not in token and "/" not in token and "+" not in token
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert b"12345" not in raw and b"jane" not in raw
    assert sealed.unseal(token, "confirm") == {"id": 12345, "email": "jane@example.org"}
    with pytest.raises(BadSignature):
        sealed.unseal(token, "preferences")
    with pytest.raises(BadSignature):
        sealed.unseal(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), "confirm")
    for garbage in ("", "x", "é" * 10, "A" * 300):
        with pytest.raises(BadSignature):
            sealed.unseal(garbage, "confirm")


def test_a_sealed_link_expires_and_survives_a_secret_key_rotation(settings, monkeypatch):
    token = sealed.seal(7, "confirm")
    later = time.time() + 3601
    monkeypatch.setattr(sealed.time, "time", lambda: later)
    with pytest.raises(SignatureExpired):
        sealed.unseal(token, "confirm", max_age=3600)
    assert sealed.unseal(token, "confirm", max_age=7200) == 7
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-secret-key-for-this-test-only-0123456789"
    assert sealed.unseal(token, "confirm") == 7
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(BadSignature):
        sealed.unseal(token, "confirm")


@pytest.mark.parametrize(("ip", "bucket"), [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
    ("2001:db8:1:2::1", "2001:db8:1:2::"),
    ("::ffff:203.0.113.7", "203.0.113.7"),
    ("not an address", None),
    (None, None),
])
def test_per_address_limits_count_an_ipv6_slash_64_as_one_address(ip, bucket):
    assert ip_bucket(ip) == bucket


def test_logs_keep_only_the_network_of_an_address():
    assert truncated_ip("203.0.113.77") == "203.0.113.0"
    assert truncated_ip("2001:db8:1:2:3:4:5:6") == "2001:db8:1::"
    assert truncated_ip("") == "-"
