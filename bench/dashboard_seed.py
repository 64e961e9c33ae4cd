"""The morning screen's data set, made inside the agent: a campaign's signatures spread over weeks, their
hourly figures rolled up as the backfill command does, and a superuser's session for the timed requests."""

import json
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

from clarion.dashboard.actions import rebuild_figures
from clarion.dashboard.rollup import HOUR, closed_until
from clarion.petitions import counting
from clarion.petitions.models import Signature, SignatureState

CHANNELS = ("", "", "", "whatsapp", "email", "facebook", "x", "invite", "copy")
SOURCES = ("newsletter", "partner-ngo", "radio")
COUNTRIES = ("GB", "FR", "DE", "IR", "EG", "TR", "AF", "MA")


def _values(page, i, created, now):
    """One signature: 85 % confirmed within 90 minutes, 10 % never confirmed, 5 % marked (half held)."""
    kind = i % 20
    confirmed = kind < 17 or (kind == 19 and i % 40 == 19)
    state = (SignatureState.VALIDATED if kind < 17 else SignatureState.PENDING if kind < 19
             else SignatureState.FRAUDULENT)
    confirmed_at = min(created + timedelta(minutes=i % 90), now) if confirmed else None
    touch = {"utm_source": SOURCES[i % len(SOURCES)]} if i % 7 == 0 else {}
    email = f"dash{i}@example.org"
    stamp = connection.ops.adapt_datetimefield_value
    return {
        "petition_id": page.pk, "name": f"Dash Signer {i}", "email": email, "canonical_email": email,
        "email_domain": "example.org", "dedupe_key": email, "country": COUNTRIES[i % len(COUNTRIES)],
        "postal_code": "", "comment": "", "comment_state": "", "opt_in": False, "consent_text": "",
        "show_name": False, "state": state, "fraud_reason": "rate-burst" if kind == 19 else "",
        "ip_address": f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}", "created_at": stamp(created),
        "confirmed_at": stamp(confirmed_at) if confirmed_at else None, "notices_sent": 0,
        "counted": state == SignatureState.VALIDATED, "state_before_invalidation": "",
        "channel": CHANNELS[i % len(CHANNELS)], "first_touch": json.dumps(touch),
        "name_to_target": False, "name_to_target_text": "", "partner_opt_in": False, "partner_consent_text": "",
        "language": "en",
    }


def _rows(page, start, count, days, now, columns):
    span = days * 86400
    for n in range(count):
        created = now - timedelta(seconds=span * (1 - (n + 0.5) / count))
        values = _values(page, start + n, created, now)
        yield tuple(values[column] for column in columns)


def _session_cookie():
    user = get_user_model().objects.filter(username="bench-organiser").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-organiser", "organiser@example.org", None)
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    return f"{cookie.key}={cookie.value}"


def seed_campaign(page, total, days, insert, columns):
    """Add signatures over `days` until the petition has `total`, then backfill the figures; timings in s."""
    have = Signature.objects.filter(petition=page).count()
    start = Signature.objects.filter(email__startswith="dash").count()
    missing = max(total - have, 0)
    began = time.monotonic()
    insert(_rows(page, start, missing, days, timezone.now(), columns))
    if connection.vendor == "postgresql":
        # Autovacuum vacuums an insert-only table soon after such a load (PostgreSQL 13+): index-only scans.
        connection.cursor().execute("VACUUM (ANALYZE) petitions_signature")
    counting.recount(page.pk)
    seeded = time.monotonic()
    hours = rebuild_figures()
    backfilled = time.monotonic()
    # One periodic round's work: the last closed hour counted again.
    rebuild_figures(since=closed_until(timezone.now()) - HOUR)
    return {"added": missing, "rows": have + missing, "seed_s": round(seeded - began, 1),
            "backfill_s": round(backfilled - seeded, 2), "backfill_hours": hours,
            "hour_rollup_s": round(time.monotonic() - backfilled, 3), "cookie": _session_cookie()}
