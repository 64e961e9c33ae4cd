"""An operator backs the site up while it runs and restores it into a fresh clone: the same signatures, supporters,
pages and pictures are there, links mailed before still open and a signer is still recognised. Without the old
keys the restore refuses, saying which.

Real parts: each site is its own data folder and database, run through manage.py in subprocesses (as a fresh
clone on another machine would be); PostgreSQL through pg_dump / pg_restore when PostgreSQL answers.
"""

import json
import os
import subprocess
import sys
import uuid
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from tests.test_tasks import ROOT, _manage

KEYS = {"SECRET_KEY": "backup-test-secret-key-0123456789-0123456789-0123456789",
        "CLARION_HASH_KEYS": "backup-test-hash-key-0123456789"}
SIGNERS = ["amira@example.org", "bastian@example.net", "chen@example.com"]

SEED = """
import logging
logging.getLogger("wagtail").setLevel(logging.WARNING)
from clarion.demo.build import build_demo
build_demo()  # the demo's pages, pictures and petition (its renditions are left for the worker: not the point here)
from clarion.petitions.actions import confirm_signature, sign_petition
from clarion.petitions.models import PetitionPage
from clarion.petitions.tokens import confirmation_token
from clarion.supporters.actions import record_supporter
petition = PetitionPage.objects.live().first()
for n, email in enumerate({signers!r}):
    signing = sign_petition(petition, name=f"Signer {{n}}", email=email, country="DE", opt_in=True)
    assert confirm_signature(confirmation_token(signing.signature)).outcome == "confirmed"
record_supporter("newsletter@example.org", name="Reader", source="signup")
"""

SUMMARY = """
import hashlib, json
from pathlib import Path
from django.conf import settings
from wagtail.models import Page
from clarion.petitions.models import PetitionPage, Signature
from clarion.supporters.models import Supporter
from clarion.supporters.tokens import preferences_token
media = Path(settings.MEDIA_ROOT)
print(json.dumps({{
    "signatures": sorted([s.email, s.name, s.state, s.dedupe_key] for s in Signature.objects.all()),
    "supporters": sorted([s.email, s.name, s.subscribed]
                         for s in Supporter.objects.exclude(email__startswith="busy")),
    "pages": sorted([p.url_path, p.title, p.live] for p in Page.objects.all()),
    "media": sorted([str(f.relative_to(media)), hashlib.sha256(f.read_bytes()).hexdigest()]
                    for f in media.rglob("*") if f.is_file()),
    "token": preferences_token(Supporter.objects.get(email={first!r})),
}}))
"""

STILL_WORKS = """
import json
from datetime import timedelta
from django.utils import timezone
from clarion.core.emails import canonical_email
from clarion.petitions import dedupe, fraud
from clarion.petitions.models import PetitionPage
from clarion.supporters.models import Supporter
from clarion.supporters.tokens import read_preferences_token
petition = PetitionPage.objects.live().first()
canonical = canonical_email({first!r})
keys = dedupe.person_keys(petition.pk, canonical, "Signer 0", "", fraud.petition_settings().household_rule)
confirmed, _entries = dedupe.look_up(petition, keys, canonical, timezone.now() - timedelta(days=1))
print(json.dumps({{"link_opens_for": read_preferences_token({token!r})[0],
                  "supporter": Supporter.objects.get(email={first!r}).pk, "signer_recognised": bool(confirmed)}}))
"""

WRITER = """
import time
from clarion.supporters.actions import record_supporter
deadline, n = time.monotonic() + {seconds}, 0
while time.monotonic() < deadline:
    record_supporter(f"busy{{n}}@example.org", name="Busy", source="signup")
    n += 1
print(n)
"""


INTEGRITY = ("from django.db import connection; cursor = connection.cursor(); "
             "cursor.execute('PRAGMA integrity_check'); print(cursor.fetchone()[0])")
BUSY = ("from clarion.supporters.models import Supporter; "
        "print(Supporter.objects.filter(email__startswith='busy').count())")


def site(tmp_path, name, database_url=None, **overrides):
    folder = tmp_path / name
    folder.mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clarion.settings", "CLARION_DATA_DIR": str(folder),
           "LOG_LEVEL": "WARNING", "DATABASE_URL": database_url or f"sqlite:///{folder / 'clarion.sqlite3'}",
           **KEYS, **overrides}
    env.pop("REDIS_URL", None)  # the database and the uploaded files are what a backup holds
    return env


def summary(env):
    return json.loads(_manage(env, "shell", "-c", SUMMARY.format(first=SIGNERS[0])))


def build_site(env):
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "shell", "-c", SEED.format(signers=SIGNERS))
    return summary(env)


def restore(env, archive, *extra):
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), "restore", str(archive), *extra], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


def assert_same_site(before, env):
    after = summary(env)
    assert after.pop("token") and before["signatures"], "the site had signatures to back up"
    for part in ("signatures", "supporters", "pages", "media"):
        assert after[part] == before[part], part
    assert len(before["signatures"]) == len(SIGNERS) and before["media"]
    works = json.loads(_manage(env, "shell", "-c", STILL_WORKS.format(first=SIGNERS[0], token=before["token"])))
    assert works["link_opens_for"] == works["supporter"], "a link mailed before the backup must still open"
    assert works["signer_recognised"], "a signer must still be recognised by the keyed hash"


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """A site with the demo, signatures and supporters, backed up while another process writes to it."""
    root = tmp_path_factory.mktemp("sqlite")
    old = site(root, "old")
    before = build_site(old)
    archive = root / "backup.tar.gz"
    writer = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "shell", "-c", WRITER.format(seconds=8)],
                              cwd=ROOT, env=old, stdout=subprocess.PIPE, text=True)
    try:
        _manage(old, "backup", str(archive))
    finally:
        written = int(writer.communicate(timeout=60)[0].split()[-1])
    return SimpleNamespace(root=root, old=old, before=before, archive=archive, written=written,
                           writer_code=writer.returncode)


def test_backup_while_the_site_writes_restores_into_a_fresh_clone(backed_up):
    assert backed_up.written > 0 and backed_up.writer_code == 0, "the site went on writing during the backup"
    fresh = site(backed_up.root, "fresh")

    done = restore(fresh, backed_up.archive)

    assert done.returncode == 0, done.stderr
    assert _manage(fresh, "shell", "-c", INTEGRITY) == "ok"
    assert 0 <= int(_manage(fresh, "shell", "-c", BUSY)) <= backed_up.written
    assert_same_site(backed_up.before, fresh)


def test_a_restore_without_the_old_keys_refuses_and_says_which(backed_up):
    stranger = site(backed_up.root, "stranger", SECRET_KEY="another-secret-key-" + "x" * 40)

    done = restore(stranger, backed_up.archive)

    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr and "CLARION_HASH_KEYS" not in done.stderr
    assert not (backed_up.root / "stranger" / "clarion.sqlite3").exists() or _manage(
        stranger, "shell", "-c", "from django.db import connection; print(len(connection.introspection.table_names()))"
    ) == "0"


def test_a_restore_refuses_a_site_that_has_data(backed_up):
    done = restore(backed_up.old, backed_up.archive)

    assert done.returncode != 0 and "not empty" in done.stderr


@pytest.fixture(scope="module")
def postgres_site(tmp_path_factory):
    """The same site on PostgreSQL (a scratch database, and a second one to restore into); skipped without one."""
    psycopg = pytest.importorskip("psycopg")
    url = os.environ.get("DATABASE_URL", "")
    url = url if url.startswith("postgres") else "postgres://postgres@127.0.0.1:5432/clarion"
    server = urlsplit(url)._replace(path="/postgres").geturl()
    names = [f"clarion_backup_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=3) as connection:
            for name in names:
                connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL answers at {server}: {error}")
    root = tmp_path_factory.mktemp("postgres")
    old, fresh = (urlsplit(url)._replace(path=f"/{name}").geturl() for name in names)
    yield SimpleNamespace(root=root, old=site(root, "old", old), fresh_url=fresh)
    with psycopg.connect(server, autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgresql_backup_restores_into_a_fresh_database(postgres_site):
    before = build_site(postgres_site.old)
    archive = postgres_site.root / "backup.tar"
    _manage(postgres_site.old, "backup", str(archive))
    fresh = site(postgres_site.root, "fresh", postgres_site.fresh_url)

    done = restore(fresh, archive)

    assert done.returncode == 0, done.stderr
    assert_same_site(before, fresh)


def test_postgresql_backup_without_pg_dump_says_what_to_install(postgres_site):
    no_client_tools = postgres_site.old | {"PATH": os.path.dirname(sys.executable)}
    archive = postgres_site.root / "b.tar"

    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "backup", str(archive)], cwd=ROOT,
                          env=no_client_tools, capture_output=True, text=True, timeout=300)

    assert done.returncode != 0
    assert "pg_dump is not installed" in done.stderr and "postgresql-client" in done.stderr
    assert not archive.exists()
