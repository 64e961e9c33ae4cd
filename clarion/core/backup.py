"""A backup is one archive: the database and the uploaded files (MEDIA_ROOT), with a manifest.

One file, not a dump beside a folder copy: it is what an operator copies off the machine, and restore can check
it is whole (the manifest is written last and names what the archive holds). The database is copied while the
site runs: SQLite through its online backup API (a consistent snapshot; WAL lets writers go on), PostgreSQL
by pg_dump (one transaction's snapshot, custom format). Uploaded files are read after the database, so every
file a restored row names is there (a file uploaded meanwhile is harmless extra).

The keys are not in the archive: SECRET_KEY opens the sealed links already mailed and CLARION_HASH_KEYS make the
keyed hashes that recognise a signer. Kept apart, a stolen backup cannot be matched against a list of
addresses; the manifest holds only their fingerprints, so restore can say when the keys do not match.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from clarion.core.keyed import keyed_hash, keyed_hashes

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


def secret_fingerprint(key):
    return hashlib.sha256(b"clarion.backup.secret\0" + key.encode()).hexdigest()[:12]


def _hash_key_ids():
    """The ids of the hash keys, newest first: the prefix every keyed hash already carries (clarion.core.keyed)."""
    return [digest.split(":")[0] for digest in keyed_hashes("", "clarion.backup")]


def key_fingerprints():
    return {"secret_key": secret_fingerprint(settings.SECRET_KEY),
            "hash_key": keyed_hash("", "clarion.backup").split(":")[0]}


def _vendor():
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backups know SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools (Debian: apt-get install "
                          f"postgresql-client) of the server's major version or newer, then try again.")
    return path


def _pg_env():
    """libpq's own variables, so the password never shows in a process list."""
    db = settings.DATABASES["default"]
    values = {"PGDATABASE": db["NAME"], "PGUSER": db.get("USER"), "PGPASSWORD": db.get("PASSWORD"),
              "PGHOST": db.get("HOST"), "PGPORT": str(db.get("PORT") or "")}
    return {**os.environ, **{name: value for name, value in values.items() if value}}


def _run(command):
    done = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip() or done.returncode}")


def _dump_database(vendor, target):
    if vendor == "sqlite":
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=30)
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)  # all pages in one step: one snapshot, however busy the site is
        finally:
            copy.close()
            source.close()
    else:
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])


def create(path):
    """Write the backup to `path` (a .tar, or .tar.gz / .tgz compressed); returns the manifest."""
    path = Path(path)
    vendor = _vendor()
    manifest = {"format": FORMAT, "created_at": timezone.now().isoformat(), "database": vendor,
                "keys": key_fingerprints(), "media_files": 0}
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="clarion-backup-") as scratch:
        dump = Path(scratch) / DUMPS[vendor]
        _dump_database(vendor, dump)
        with tarfile.open(partial, "w:gz" if path.name.endswith((".gz", ".tgz")) else "w") as archive:
            archive.add(dump, DUMPS[vendor])
            manifest["media_files"] = _add_media(archive)
            _add_json(archive, MANIFEST, manifest, scratch)
    # Renamed only once whole: a backup cut short never looks like a good one.
    os.replace(partial, path)
    return manifest


def _add_media(archive):
    media, count = Path(settings.MEDIA_ROOT), 0
    for folder, _dirs, files in os.walk(media):
        for name in sorted(files):
            file = Path(folder) / name
            archive.add(file, f"{MEDIA}/{file.relative_to(media).as_posix()}", recursive=False)
            count += 1
    return count


def _add_json(archive, name, data, scratch):
    file = Path(scratch) / name
    file.write_text(json.dumps(data, indent=2))
    archive.add(file, name)


def read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError("This is not a whole Clarion backup (its manifest is missing or unreadable).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup's format ({manifest.get('format')}) is not one this Clarion reads.")
    return manifest


def key_mismatches(manifest):
    """What in this site's keys differs from the backed-up site's: links or keyed hashes would stop working."""
    secrets = {secret_fingerprint(key) for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]}
    hash_keys = set(_hash_key_ids())
    keys = manifest.get("keys", {})
    return ([] if keys.get("secret_key") in secrets else ["SECRET_KEY"]) + (
        [] if keys.get("hash_key") in hash_keys else ["CLARION_HASH_KEYS"])


def database_is_empty():
    return not connection.introspection.table_names()


def restore(path, *, replace=False):
    """Put a backup's database and uploaded files in place of this site's (which must be empty, or `replace`)."""
    vendor = _vendor()
    with tarfile.open(path) as archive:
        manifest = read_manifest(archive)
        if manifest["database"] != vendor:
            raise BackupError(f"This backup holds a {manifest['database']} database; this site uses {vendor}. "
                              f"Set DATABASE_URL to a {manifest['database']} database to restore it.")
        if not replace and not database_is_empty():
            raise BackupError("This site's database is not empty. Restore into a fresh one, or stop the site "
                              "and pass --replace to overwrite it.")
        with tempfile.TemporaryDirectory(prefix="clarion-restore-") as scratch:
            archive.extract(DUMPS[vendor], scratch, filter="data")
            connection.close()  # nothing of ours may hold the database while it is overwritten
            _load_database(vendor, Path(scratch) / DUMPS[vendor], replace)
        if _extract_media(archive) != manifest["media_files"]:
            raise BackupError("The archive holds fewer uploaded files than its manifest lists: it is damaged.")
    return manifest


def _load_database(vendor, dump, replace):
    if vendor == "sqlite":
        source = sqlite3.connect(dump)
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=30)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              *(["--clean", "--if-exists"] if replace else []), f"--dbname={settings.DATABASES['default']['NAME']}",
              str(dump)])


def _extract_media(archive):
    media = Path(settings.MEDIA_ROOT)
    members = [m for m in archive.getmembers() if m.isfile() and m.name.startswith(f"{MEDIA}/")]
    for member in members:
        # The "data" filter refuses absolute paths, "..", links out of the folder and device files.
        member.name = member.name.removeprefix(f"{MEDIA}/")
        archive.extract(member, media, filter="data")
    return len(members)
