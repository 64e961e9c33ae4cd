"""The bench's hands inside Clarion: one Django process that answers JSON commands, one per line.

run.py starts it with the same environment as the server and sends {"do": "<command>", ...} lines; each
answer is one JSON line on stdout (everything Django prints goes to stderr). Keeping one process avoids
paying Django's start-up for every question between load phases.
"""

import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from clarion.mail.models import OutboxMessage  # noqa: E402
from clarion.pages.models import AppealPage, HomePage  # noqa: E402
from clarion.petitions import actions, counting, tokens  # noqa: E402
from clarion.petitions.models import PetitionCount, PetitionPage, Signature, SignatureState  # noqa: E402

COUNTRIES = ["GB", "FR", "DE", "ES", "IT", "NL", "SE", "IR", "EG", "MA", "TR", "AF"]
NAME_TO_TARGET = "Yes, give my name to the target of this petition when it is delivered."
SEED_COLUMNS = (
    "petition_id", "name", "email", "canonical_email", "email_domain", "dedupe_key", "country", "postal_code",
    "comment", "comment_state", "opt_in", "consent_text", "show_name", "state", "fraud_reason", "ip_address",
    "created_at", "confirmed_at", "notices_sent", "counted", "state_before_invalidation", "channel", "first_touch",
    "name_to_target", "name_to_target_text", "partner_opt_in", "partner_consent_text", "language",
)


def in_default_language(model):
    """The demo's live pages of `model` in the default language (the petition's translations count into it)."""
    return model.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)


def petition():
    return in_default_language(PetitionPage).get()


def translated_pages():
    """The demo's Persian home page and petition, when the demo has them: their figures beside the English."""
    found = {}
    for name, model in (("home_fa", HomePage), ("petition_fa", PetitionPage)):
        page = model.objects.live().filter(locale__language_code="fa").first()
        if page:
            found[name] = page.url
    return found


def info(_command):
    page = petition()
    return {
        "petition_pk": page.pk,
        "pages": {"home": in_default_language(HomePage).first().url,
                  "appeal": in_default_language(AppealPage).first().url,
                  "petition": page.url, **translated_pages()},
        "count_interval": settings.CLARION_COUNT_INTERVAL,
        "count_cache_seconds": settings.CLARION_COUNT_CACHE_SECONDS,
        "worker_command": settings.TASK_WORKER_COMMAND,
        "vendor": connection.vendor,
    }


def stats(_command):
    rows = Signature.objects.filter(petition=petition())
    by_state = dict(rows.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    fraud = dict(rows.exclude(fraud_reason="").values_list("fraud_reason").annotate(n=Count("pk"))
                 .values_list("fraud_reason", "n"))
    return {"signatures": sum(by_state.values()), "by_state": by_state, "fraud_reasons": fraud,
            "outbox": OutboxMessage.objects.count()}


def _seed_rows(page, start, stop, now):
    consent = str(page.consent_text)
    stamp = connection.ops.adapt_datetimefield_value
    for i in range(start, stop):
        created = now - timedelta(seconds=(stop - i) * 0.5)
        email = f"seed{i}@example.org"
        comment = f"Signing because everyone deserves safety ({i})." if i % 50 == 0 else ""
        yield (page.pk, f"Seed Signer {i}", email, email, "example.org", email, COUNTRIES[i % len(COUNTRIES)],
               "AB1 2CD", comment, "approved" if comment else "", i % 2 == 0, consent if i % 2 == 0 else "",
               i % 3 == 0, SignatureState.VALIDATED, "", f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}",
               stamp(created), stamp(created + timedelta(minutes=1)), 0, True, "", "", "{}",
               # One in twenty gives their name to the target: 50,000 names at a million (bench/delivery_probe.py).
               i % 20 == 0, NAME_TO_TARGET if i % 20 == 0 else "", False, "", "en")


def seed_confirmed(command):
    """Add confirmed, counted signatures until the petition has `total` rows; then reconcile the totals."""
    page = petition()
    have = Signature.objects.filter(petition=page).count()
    start = Signature.objects.filter(email__startswith="seed").count()
    missing = max(command["total"] - have, 0)
    began = time.monotonic()
    insert_signatures(_seed_rows(page, start, start + missing, timezone.now()))
    counting.recount(page.pk)
    return {"added": missing, "rows": have + missing, "seconds": round(time.monotonic() - began, 2)}


def insert_signatures(rows):
    """Rows of SEED_COLUMNS into the signature table in one transaction, by the driver's bulk path."""
    columns = ", ".join(SEED_COLUMNS)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor().cursor.copy(f"COPY petitions_signature ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # The driver's own executemany: Django's cursor wrapper would rewrite the SQL for every row.
            raw = connection.connection
            raw.execute("PRAGMA cache_size=-400000")
            marks = ", ".join("?" * len(SEED_COLUMNS))
            raw.executemany(f"INSERT INTO petitions_signature ({columns}) VALUES ({marks})", rows)
    if connection.vendor == "postgresql":
        # What autovacuum would do within a minute of a bulk load; SQLite has no such thing, so no ANALYZE.
        connection.cursor().execute("ANALYZE petitions_signature")


def pending(command):
    """Create `n` pending signatures and write their confirmation tokens to `path`, one per line."""
    page = petition()
    tag = command["tag"]
    batch = [
        Signature(petition=page, name=f"Pending {i}", email=f"{tag}{i}@example.org",
                  canonical_email=f"{tag}{i}@example.org", email_domain="example.org",
                  dedupe_key=f"{tag}{i}@example.org", country=COUNTRIES[i % len(COUNTRIES)])
        for i in range(command["n"])
    ]
    created = Signature.objects.bulk_create(batch, batch_size=2000)
    Path(command["path"]).write_text("".join(tokens.confirmation_token(s) + "\n" for s in created))
    return {"n": len(created)}


def confirm_one(command):
    """Sign and confirm one signature through the actions, as a supporter would; returns the count before."""
    page = petition()
    before = PetitionCount.objects.get(petition=page).count
    signing = actions.sign_petition(page, name="Staleness Probe", email=f"{command['tag']}@example.org",
                                    country="GB", ip="10.255.255.1", elapsed_ms=5000)
    outcome = actions.confirm_signature(tokens.confirmation_token(signing.signature)).outcome
    return {"count_before": before, "outcome": outcome, "confirmed_at": time.time()}


def queue_depth(_command):
    """Tasks waiting for the worker: mail deliveries, reference-index updates, counting rounds."""
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
        import django_rq

        return {"depth": django_rq.get_queue("default").count}
    from django_tasks_db.models import DBTaskResult

    return {"depth": DBTaskResult.objects.ready().count()}


def seed_dashboard(command):
    """bench/dashboard.py's data set: signatures over `days`, rolled up, and a signed-in superuser's cookie."""
    from dashboard_seed import seed_campaign

    return seed_campaign(petition(), command["total"], command["days"], insert_signatures, SEED_COLUMNS)


COMMANDS = {"info": info, "stats": stats, "seed_confirmed": seed_confirmed, "pending": pending,
            "confirm_one": confirm_one, "queue_depth": queue_depth, "seed_dashboard": seed_dashboard}


def main():
    answers = sys.stdout
    sys.stdout = sys.stderr
    for line in sys.stdin:
        command = json.loads(line)
        try:
            answer = {"ok": True, **COMMANDS[command["do"]](command)}
        except Exception as error:  # report to run.py, which decides whether the bench can go on
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
