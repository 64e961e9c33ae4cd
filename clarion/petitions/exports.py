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
    """Yield the CSV text of `queryset` in pieces: a header row, then one row per signature.

    Rows are read as the database sends them through a chunked (server-side on PostgreSQL) cursor, never as
    model instances and without the ORM's per-value conversions, which cost more than the rest of the export.
    """
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
