"""Someone reads the web server's log (an operator, a log service, a thief with a backup). The log must not
hand them working links (a confirmation link signs for someone; a thank-you link invites in their name) nor
tie a signer's full address to the moment they signed. gunicorn runs with deploy/gunicorn.conf.py, as on a
web host, and a supporter confirms their signature through it."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.db import connection

from clarion.petitions import tokens
from tests.petitions.conftest import make_petition, signed

ROOT = Path(__file__).resolve().parent.parent.parent


def database_url():
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def web_host(transactional_db, django_db_serialized_rollback, tmp_path):
    """gunicorn as deploy/gunicorn.conf.py runs it, on the test database; yields (base URL, log file).

    Transactional, so the server process sees the rows; the serialized rollback then restores what the
    migrations made (Wagtail's root page) for the tests that follow."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url(),
           "CLARION_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "CLARION_PAGE_CACHE_SECONDS": "0",
           "CLARION_BASE_URL": f"http://127.0.0.1:{port}"}
    log_path = tmp_path / "web.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "clarion.wsgi"],
                                   cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                requests.get(base + "/petitions/0/count.json", timeout=30)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and process.poll() is None, log_path.read_text()
                time.sleep(0.3)
        yield base, log_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_the_access_log_keeps_no_working_link_and_no_full_address(web_host):
    base, log_path = web_host
    signature = signed(make_petition(), "miriam@example.org")
    confirm = tokens.confirmation_token(signature)
    forged = "eyJhbGciOiJub25lIn0.forged-token"

    confirmed = requests.get(f"{base}/petitions/confirm/{confirm}/", allow_redirects=False, timeout=30,
                             headers={"Referer": f"{base}/supporters/preferences/{confirm}/"})
    assert confirmed.status_code == 302
    thanks = confirmed.headers["Location"].rstrip("/").rsplit("/", 1)[1]  # the signer's private page
    assert requests.get(f"{base}/petitions/confirm/{forged}/", timeout=30).status_code == 400

    time.sleep(0.5)  # the access line is written after the answer went out
    log = log_path.read_text()
    assert re.search(r"^127\.0\.0\.0 .*GET /petitions/confirm/\*+/ HTTP/1\.1\" 302", log, flags=re.M), log
    assert "/supporters/preferences/*****/" in log  # the referring page's link, masked too
    # Django's own warning for the forged link names the path, masked as well.
    assert re.search(r"WARNING django\.request: Bad Request: /petitions/confirm/\*+/", log), log
    for secret in (confirm, thanks, forged, "127.0.0.1 "):
        assert secret not in log
