"""A partner's tool holds an API key: only its hash is kept, it stops working when revoked or expired, it does
only what its scopes allow, and no faster than its own limit."""

import socket
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import ModelLogEntry

from clarion.api import actions, auth, keys
from clarion.api.models import ApiKey, Scope
from clarion.core import memo, outage
from clarion.core.fallbackcache import RedisOrLocalCache
from clarion.petitions.models import Signature
from tests.osdi.conftest import AEP, Tool, issue, osdi_body, signatures_url

pytestmark = pytest.mark.django_db


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status
    return response.json()


def test_the_database_keeps_only_a_hash_of_the_key(client):
    issued = issue()
    row = ApiKey.objects.get()
    secret = keys.parse(issued.secret)[1]
    stored = [str(value) for value in ApiKey.objects.values().get().values()]
    assert not any(secret in value or issued.secret in value for value in stored)
    assert row.secret_hash == keys.secret_hash(secret) and issued.secret.startswith(f"clarion_{row.prefix}_")
    assert Tool(client, issued.secret).get(AEP).status_code == 200


def test_each_key_is_new_and_the_issue_is_in_the_history(django_user_model):
    admin = django_user_model.objects.create_superuser("ada", "ada@example.org", "pw")
    first, second = issue(acting_user=admin), issue()
    assert first.secret != second.secret and first.key.prefix != second.key.prefix
    entry = ModelLogEntry.objects.get(action=actions.ISSUED, user=admin)
    assert entry.data["scopes"] == list(Scope.values) and first.secret not in str(entry.data)


@pytest.mark.parametrize("header", ["bearer", "osdi"])
def test_both_headers_carry_a_key(client, header):
    assert Tool(client, issue().secret, header=header).get(AEP).status_code == 200


@pytest.mark.parametrize("presented", [
    None, "", "clarion_00000000_" + "a" * 43, "not a key", "clarion_", "Basic dXNlcjpwdw==", "x" * 5000,
])
def test_no_key_or_an_unknown_one_is_refused(client, presented):
    issue()
    problem = assert_problem(Tool(client, presented).get(AEP), 401)
    assert problem["title"] == "An API key is needed."


def test_a_key_with_a_wrong_secret_is_refused(client):
    issued = issue()
    forged = issued.secret[:-4] + ("AAAA" if not issued.secret.endswith("AAAA") else "BBBB")
    assert_problem(Tool(client, forged).get(AEP), 401)


def test_a_revoked_key_is_refused_from_then_on(client):
    issued = issue()
    tool = Tool(client, issued.secret)
    assert tool.get(AEP).status_code == 200
    actions.revoke_key(issued.key)
    actions.revoke_key(issued.key)  # again: no change, one history entry
    assert_problem(tool.get(AEP), 401)
    assert ModelLogEntry.objects.filter(action=actions.REVOKED).count() == 1


def test_an_expired_key_is_refused(client):
    issued = issue(expires_at=timezone.now() + timedelta(days=1))
    tool = Tool(client, issued.secret)
    assert tool.get(AEP).status_code == 200
    with freeze_time(timezone.now() + timedelta(days=1, seconds=1)):
        assert_problem(tool.get(AEP), 401)


def test_scopes_decide_what_a_key_may_do(client, petition):
    tool = Tool(client, issue(scopes=[Scope.RECORD_SIGNATURES]).secret)
    assert tool.get(f"{AEP}petitions/{petition.pk}/").status_code == 200
    assert "personal_data:read" in assert_problem(tool.get(signatures_url(petition)), 403)["detail"]
    assert_problem(tool.get(f"{AEP}people/"), 403)
    reader = Tool(client, issue(scopes=[Scope.READ_PERSONAL_DATA]).secret)
    assert reader.get(signatures_url(petition)).status_code == 200
    assert_problem(reader.post(signatures_url(petition), osdi_body()), 403)
    assert not Signature.objects.exists()


def test_unknown_scopes_cannot_be_issued():
    with pytest.raises(ValueError):
        issue(scopes=["everything"])


def test_a_key_over_its_limit_waits_for_the_next_minute(client):
    tool = Tool(client, issue(rate_per_minute=3).secret)
    with freeze_time("2026-12-03 04:00:15"):
        assert [tool.get(AEP).status_code for _ in range(3)] == [200, 200, 200]
        refused = tool.get(AEP)
        problem = assert_problem(refused, 429)
        assert refused["Retry-After"] == "45" and problem["title"] == "Too many requests."
        other = Tool(client, issue(rate_per_minute=3).secret)
        assert other.get(AEP).status_code == 200  # each key has its own limit
    with freeze_time("2026-12-03 04:01:00"):
        assert tool.get(AEP).status_code == 200


def test_last_use_is_written_at_most_once_a_minute(client):
    issued = issue()
    tool = Tool(client, issued.secret)
    with freeze_time("2026-12-03 04:00:00"):
        tool.get(AEP)
    with freeze_time("2026-12-03 04:00:50"):
        tool.get(AEP)
    issued.key.refresh_from_db()
    assert issued.key.last_used_at.isoformat() == "2026-12-03T04:00:00+00:00"
    with freeze_time("2026-12-03 04:01:01"):
        tool.get(AEP)
    issued.key.refresh_from_db()
    assert issued.key.last_used_at.isoformat() == "2026-12-03T04:01:01+00:00"


def test_while_redis_is_down_each_process_allows_only_its_share_of_a_keys_limit(client, settings, monkeypatch):
    # A real refused connection: a loopback port nothing listens on (as tests/core/test_redis_fallback.py).
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"redis://127.0.0.1:{sock.getsockname()[1]}/0"
    unreachable = RedisOrLocalCache(url, {"KEY_PREFIX": "clarion", "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1}})
    monkeypatch.setattr(auth, "cache", unreachable)
    settings.WEB_CONCURRENCY = 4
    tool = Tool(client, issue(rate_per_minute=10).secret)
    try:
        with freeze_time("2026-12-03 04:00:05"):
            # Four processes counting apart would allow 4 × 10; each allows 10 // 4, so together at most 10.
            assert [tool.get(AEP).status_code for _ in range(3)] == [200, 200, 429]
            assert outage.redis_down()
    finally:
        unreachable.local.clear()
        memo.clear_all()
