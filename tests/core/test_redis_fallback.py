"""While Redis cannot be reached, the scale-out cache answers from this process's memory, rate limits count per
process, the operator is told once a minute, and an editor's signed-in page is a 503 saying why.

A real refused connection: a loopback port nothing listens on (the fault suite stops a real Redis:
tests/faults/test_redis_outage.py)."""

import socket

import pytest
from django.test import Client

from clarion.core import memo, outage
from clarion.core.fallbackcache import RedisOrLocalCache
from clarion.supporters import limits


def _unused_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{sock.getsockname()[1]}/0"


@pytest.fixture(autouse=True)
def _redis_tried_again_by_the_next_test():
    yield
    memo.clear_all()  # this process would leave Redis alone for a few seconds more: the next test starts afresh


@pytest.fixture
def unreachable():
    cache = RedisOrLocalCache(_unused_url(), {"KEY_PREFIX": "clarion", "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1}})
    yield cache
    cache.local.clear()


def test_reads_miss_and_writes_stay_in_this_process(unreachable):
    assert unreachable.get("petitions:settings") is None
    unreachable.set("petitions:settings", "from the database", 30)
    assert unreachable.get("petitions:settings") == "from the database"
    assert unreachable.get_or_set("clarion:pages:generation", 0, None) == 0
    unreachable.delete_many(["petitions:settings"])
    assert unreachable.get_many(["petitions:settings"]) == {}


def test_a_rate_limit_still_refuses_past_its_limit_counting_in_this_process(unreachable, monkeypatch):
    monkeypatch.setattr(limits, "cache", unreachable)
    assert [limits.within_limit("supporters:signup:ip:x", 2, 3600) for _ in range(4)] == [True, True, False, False]


def test_the_outage_is_logged_once_and_redis_left_alone_meanwhile(unreachable, caplog):
    for _ in range(50):
        unreachable.get("petitions:access-rules")
    warnings = [r for r in caplog.records if "Redis cannot be reached" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelname == "WARNING"
    assert outage.redis_down()


@pytest.mark.django_db
def test_an_editor_gets_a_503_page_while_the_session_store_is_down(settings, django_user_model, caplog):
    editor = Client(raise_request_exception=False)
    editor.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    # Then the session store's Redis goes away (the session itself is in the database, as cached_db keeps it).
    settings.CACHES = {**settings.CACHES, "sessions": {"BACKEND": "django_redis.cache.RedisCache",
                                                       "LOCATION": _unused_url()}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "sessions"

    response = editor.get("/admin/")

    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "Signed-in pages are paused" in response.content.decode()
    assert not [r for r in caplog.records if r.name == "django.request" and r.exc_info]
