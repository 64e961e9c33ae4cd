"""Signatures as CSV, streamed in constant memory however many there are.

Plain functions over a queryset, so the admin view and the benchmarks share one code path.
"""

import csv
import io
from datetime import datetime

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


def csv_chunks(queryset, *, chunk_size=2000, buffer_chars=BUFFER_CHARS):
    """Yield the CSV text of `queryset` in pieces: a header row, then one row per signature.

    Rows come from the database as tuples, `chunk_size` at a time, never as model instances.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for row in queryset.values_list(*EXPORT_COLUMNS).iterator(chunk_size=chunk_size):
        writer.writerow([neutralise(value) for value in row])
        if buffer.tell() >= buffer_chars:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
