"""The raw reference for `make bench`: signing's database work with no framework around it.

A minimal WSGI app served by the same gunicorn settings as Clarion. POST /sign parses the form, looks
for a duplicate, counts the IP's recent signatures, then inserts a signature row and an outbox row in one
transaction and answers 302, through the same driver (sqlite3 or psycopg), pragmas and similar indexed
tables. GET /count.json answers a small JSON document. Clarion's ratio to it is the framework's price.

`python bench/raw_app.py init|count` creates the tables or prints the number of signature rows.
BENCH_RAW_DATABASE names the database: a SQLite path, or a postgres:// URL.
"""

import json
import os
import sqlite3
import sys
import threading
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

DATABASE = os.environ.get("BENCH_RAW_DATABASE", "")
POSTGRES = DATABASE.startswith(("postgres://", "postgresql://"))
PARAM = "%s" if POSTGRES else "?"

SCHEMA = [
    """CREATE TABLE raw_signature (
        id {pk}, petition_id integer NOT NULL, name varchar(120) NOT NULL, email varchar(254) NOT NULL,
        canonical_email varchar(254) NOT NULL, email_domain varchar(253) NOT NULL, dedupe_key varchar(600) NOT NULL,
        country varchar(2) NOT NULL, postal_code varchar(20) NOT NULL, comment text NOT NULL,
        opt_in boolean NOT NULL, show_name boolean NOT NULL, state varchar(12) NOT NULL,
        fraud_reason varchar(60) NOT NULL, ip_address varchar(39), created_at {ts} NOT NULL,
        confirmed_at {ts}, counted boolean NOT NULL DEFAULT false, UNIQUE (petition_id, dedupe_key))""",
    "CREATE INDEX raw_signature_ip ON raw_signature (petition_id, ip_address, created_at)",
    "CREATE INDEX raw_signature_state ON raw_signature (petition_id, state, created_at)",
    "CREATE INDEX raw_signature_canonical ON raw_signature (canonical_email)",
    "CREATE INDEX raw_signature_domain ON raw_signature (email_domain)",
    "CREATE INDEX raw_signature_created ON raw_signature (created_at)",
    """CREATE TABLE raw_outbox (
        id {pk}, created_at {ts} NOT NULL, recipient varchar(254) NOT NULL, subject varchar(255) NOT NULL,
        text_body text NOT NULL, html_body text NOT NULL, status varchar(10) NOT NULL, next_attempt_at {ts})""",
]

INSERT_SIGNATURE = (
    "INSERT INTO raw_signature (petition_id, name, email, canonical_email, email_domain, dedupe_key, country,"
    " postal_code, comment, opt_in, show_name, state, fraud_reason, ip_address, created_at)"
    " VALUES ({})".format(", ".join([PARAM] * 15))
)
INSERT_OUTBOX = (
    "INSERT INTO raw_outbox (created_at, recipient, subject, text_body, html_body, status, next_attempt_at)"
    " VALUES ({})".format(", ".join([PARAM] * 7))
)
FIND_DUPLICATE = f"SELECT id FROM raw_signature WHERE petition_id = {PARAM} AND dedupe_key = {PARAM}"
COUNT_RECENT = (
    f"SELECT count(*) FROM raw_signature WHERE petition_id = {PARAM} AND ip_address = {PARAM}"
    f" AND created_at >= {PARAM}"
)
# About the size of the confirmation e-mail Clarion renders.
MAIL_TEXT = "Please confirm your signature by opening this link:\n" + "x" * 700
MAIL_HTML = "<p>Please confirm your signature.</p>" + "y" * 1500

_local = threading.local()


def connect():
    if POSTGRES:
        import psycopg

        return psycopg.connect(DATABASE)
    connection = sqlite3.connect(DATABASE, timeout=10, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA busy_timeout=10000")
    return connection


def _connection():
    if getattr(_local, "connection", None) is None:
        _local.connection = connect()
    return _local.connection


def _sign(fields, ip):
    email = fields.get("email", "").strip()
    name = fields.get("name", "").strip()
    if "@" not in email or not name:
        return False
    canonical = email.lower()
    now = datetime.now(UTC)
    row = (1, name, email, canonical, canonical.rpartition("@")[2], canonical, fields.get("country", "")[:2],
           fields.get("postal_code", ""), "", bool(fields.get("opt_in")), bool(fields.get("show_name")),
           "pending", "", ip, now)
    connection = _connection()
    if POSTGRES:
        with connection.transaction(), connection.cursor() as cursor:
            _write(cursor, row, ip, now)
    else:
        cursor = connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            _write(cursor, row, ip, now)
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")
    return True


def _write(cursor, row, ip, now):
    cursor.execute(FIND_DUPLICATE, (1, row[5]))
    if cursor.fetchone() is not None:
        return
    cursor.execute(COUNT_RECENT, (1, ip, now - timedelta(minutes=5)))
    cursor.fetchone()
    cursor.execute(INSERT_SIGNATURE, row)
    cursor.execute(INSERT_OUTBOX, (now, row[2], "Please confirm your signature", MAIL_TEXT, MAIL_HTML, "pending", now))


def _client_ip(environ):
    hops = [hop.strip() for hop in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    return hops[-1] if hops else environ.get("REMOTE_ADDR")


def application(environ, start_response):
    path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
    if path == "/sign" and method == "POST":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        fields = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()}
        if _sign(fields, _client_ip(environ)):
            start_response("302 Found", [("Location", "/check-your-email"), ("Content-Length", "0")])
            return [b""]
        start_response("400 Bad Request", [("Content-Length", "0")])
        return [b""]
    if path == "/count.json":
        body = json.dumps({"petition": 1, "signature_count": 1234, "goal": 5000, "state": "open",
                           "signatures_by_country": {"GB": 1000, "FR": 234},
                           "updated_at": datetime.now(UTC).isoformat()}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                                  ("Cache-Control", "public, max-age=5")])
        return [body]
    start_response("404 Not Found", [("Content-Length", "0")])
    return [b""]


def init():
    pk = "bigserial PRIMARY KEY" if POSTGRES else "integer PRIMARY KEY AUTOINCREMENT"
    ts = "timestamptz" if POSTGRES else "datetime"
    connection = connect()
    cursor = connection.cursor()
    for statement in SCHEMA:
        cursor.execute(statement.format(pk=pk, ts=ts))
    connection.commit()
    connection.close()


def count_rows():
    connection = connect()
    try:
        return connection.execute("SELECT count(*) FROM raw_signature").fetchone()[0]
    finally:
        connection.close()


if __name__ == "__main__":
    if sys.argv[1:] == ["init"]:
        init()
    elif sys.argv[1:] == ["count"]:
        print(count_rows())
    else:
        sys.exit("usage: raw_app.py init|count")
