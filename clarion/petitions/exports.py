"""Signatures as CSV, streamed in constant memory however many there are.

Plain functions over a queryset, so the admin view and the benchmarks share one code path.
"""

import csv
import io
from datetime import datetime

from django.db import connection

from clarion.petitions.models import Signature

EXPORT_COLUMNS = (
    "created_at", "confirmed_at", "state", "name", "email", "country", "postal_code", "opt_in",
    "consent_text", "comment", "comment_state", "fraud_reason", "ip_address",
)

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Rows are written to a buffer this big before it is sent: few, small writes to the socket.
BUFFER_CHARS = 64 * 1024


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def neutralise(value):
    """The cell as text, with a leading quote when a spreadsheet would otherwise read it as a formula."""
    text = cell_text(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def signatures_to_export(petition, state=None):
    rows = Signature.objects.filter(petition=petition)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("pk")


def _when(value):
    if value is None:
        return ""
    # SQLite's driver gives naive UTC times, PostgreSQL's aware ones: both are written as ISO 8601 in UTC.
    text = value.isoformat()
    return text if value.tzinfo else text + "+00:00"


def _plain(value):
    return "" if value is None else str(value)


def _yes_no(value):
    return "yes" if value else "no"


# How each column becomes a cell: what a signer typed is neutralised, what Clarion wrote is taken as it is.
_CELLS = {
    "created_at": _when, "confirmed_at": _when, "opt_in": _yes_no, "state": _plain, "country": _plain,
    "comment_state": _plain, "fraud_reason": _plain, "ip_address": _plain,
}


def csv_chunks(queryset, *, chunk_size=2000, buffer_chars=BUFFER_CHARS):
    """Yield the CSV text of `queryset` in pieces: a header row, then one row per signature."""
    if connection.vendor == "postgresql":
        return _copied_chunks(queryset, buffer_chars)
    return _written_chunks(queryset, chunk_size, buffer_chars)


# On PostgreSQL the database writes the CSV itself (COPY) with the same cells: UTC times in ISO 8601,
# yes/no, and what a signer typed neutralised with a leading quote.
_ISO_UTC = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"'"
_TRIGGERS_SQL = ", ".join(f"chr({ord(trigger)})" for trigger in FORMULA_TRIGGERS)
_COPY_CELLS = {
    "created_at": f"to_char(s.created_at AT TIME ZONE 'UTC', {_ISO_UTC})",
    "confirmed_at": f"to_char(s.confirmed_at AT TIME ZONE 'UTC', {_ISO_UTC})",
    "opt_in": "CASE WHEN s.opt_in THEN 'yes' ELSE 'no' END",
    "ip_address": "host(s.ip_address)",
}


def _copy_cell(column):
    if column in _COPY_CELLS:
        return _COPY_CELLS[column]
    if column in _CELLS:
        return f"s.{column}"
    quoted = f"chr(39) || s.{column}"
    return f"CASE WHEN left(s.{column}, 1) IN ({_TRIGGERS_SQL}) THEN {quoted} ELSE s.{column} END"


def _copied_chunks(queryset, buffer_chars):
    header = io.StringIO()
    csv.writer(header).writerow(EXPORT_COLUMNS)
    yield header.getvalue()
    inner, params = queryset.values_list("pk", *EXPORT_COLUMNS).query.sql_with_params()
    cells = ", ".join(_copy_cell(column) for column in EXPORT_COLUMNS)
    statement = f"COPY (SELECT {cells} FROM ({inner}) AS s ORDER BY s.pk) TO STDOUT (FORMAT csv)"
    pending, size = [], 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        for data in copy:
            pending.append(bytes(data))
            size += len(data)
            if size >= buffer_chars:
                yield b"".join(pending).decode()
                pending, size = [], 0
    yield b"".join(pending).decode()


def _written_chunks(queryset, chunk_size, buffer_chars):
    """The CSV written here from a chunked cursor (SQLite): rows as the database sends them, never as model
    instances and without the ORM's per-value conversions, which cost more than the rest of the export."""
    cells = [_CELLS.get(column, neutralise) for column in EXPORT_COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    sql, params = queryset.values_list(*EXPORT_COLUMNS).query.sql_with_params()
    # No transaction: on SQLite it would hold the write lock (IMMEDIATE) for the whole download, and on
    # PostgreSQL the chunked cursor is declared WITH HOLD outside one.
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            # A hundred rows at a time, so no piece grows much past buffer_chars.
            for start in range(0, len(rows), 100):
                writer.writerows([[cell(value) for cell, value in zip(cells, row, strict=True)]
                                  for row in rows[start:start + 100]])
                if buffer.tell() >= buffer_chars:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
    yield buffer.getvalue()
