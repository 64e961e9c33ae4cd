"""An operator puts Clarion behind nginx with TLS and sets CLARION_BEHIND_TLS_PROXY=1: Django's deployment
check then finds nothing to fix but the one framing exception Wagtail's preview needs, plain HTTP is sent to
HTTPS, and browsers are told to use nothing else (HSTS)."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def deploy_check(tmp_path, **environment):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "CLARION_", "DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DEBUG"))}
    env.update(DJANGO_SETTINGS_MODULE="clarion.settings", CLARION_DATA_DIR=str(tmp_path),
               SECRET_KEY=secrets.token_urlsafe(50), **environment)
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    return set(re.findall(r"\((\w+\.[EW]\d+)\)", done.stdout + done.stderr))


def test_check_deploy_behind_a_tls_proxy_raises_only_the_preview_framing_note(tmp_path):
    found = deploy_check(tmp_path, DEBUG="0", CLARION_BASE_URL="https://appeal.example.org",
                         CLARION_BEHIND_TLS_PROXY="1")

    assert found == {"security.W019"}


def test_without_the_setting_the_check_still_asks_for_hsts_and_the_redirect(tmp_path):
    found = deploy_check(tmp_path, DEBUG="0", CLARION_BASE_URL="https://appeal.example.org")

    assert {"security.W004", "security.W008"} <= found


@pytest.fixture
def behind_tls_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000


def test_plain_http_is_sent_to_https_and_https_pins_it(client, db, behind_tls_proxy):
    from tests.factories import make_home

    make_home()
    plain = client.get("/about/?x=1")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/about/?x=1"

    secure = client.get("/en/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
