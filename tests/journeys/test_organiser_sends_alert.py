"""Farah, who organises the demo campaign, sends its "Dear Friend" alert from the Wagtail admin: she checks the
segment's live count, sharpens the subject, sends a test to herself, previews it as a supporter, confirms the
number it will reach, sends it and watches the progress bar fill until Pause and Cancel go away. Every supporter
gets exactly one personal copy; one leaves with the mail program's one-click unsubscribe, and Farah's next alert
to the same segment passes that address by."""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection
from playwright.sync_api import expect

from clarion.alerts.models import Mailing, MailingStatus, Segment
from clarion.supporters.models import Supporter
from tests.fixtures.browser import axe_violations
from tests.journeys.conftest import keep_on_loopback, log_in_to_admin
from tests.journeys.test_accessibility import describe

pytestmark = pytest.mark.journey

PASSWORD = "four days before friday"
FARAH = "farah.haddad@example.org"
SEGMENT = "Supporters of the demo campaign"
NEW_SUBJECT = '{{ first_name|default:"Friend" }}, three days left to stop the Tamsin Valley returns'
SECOND_SUBJECT = "Thank you, {{ first_name|default:\"Friend\" }}: the vigil is on Friday"
SECOND_BODY = 'Dear {{ first_name|default:"Friend" }},\n\nJoin the candle-lit vigil at the camp gate on Friday.'
LEAVER = "amir.karimi@example.org"
ROOT = Path(__file__).resolve().parents[2]
# Slow enough for the page's progress polling (every 2 s) to catch the bar part-filled: one message a second.
SLOW_THROTTLE = "60"
# Worker start-up, then six messages at the throttle's pace.
SENDING_TAKES_MS = 40_000


def database_url():
    """The live server's (test) database, for the worker process to share."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


@pytest.fixture
def worker(live_demo, smtp_server, tmp_path):
    """The site's own task worker in a process of its own, as `manage.py serve` starts it: it delivers the
    outbox and sends mailings from the live server's database to the real SMTP server."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clarion.settings", "DATABASE_URL": database_url(),
           "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}", "CLARION_BASE_URL": live_demo,
           "CLARION_ALERTS_THROTTLE": SLOW_THROTTLE, "LOG_LEVEL": "WARNING"}
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *django_settings.TASK_WORKER_COMMAND],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    yield process
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    log.close()
    print("worker output:", (tmp_path / "worker.log").read_text(), sep="\n")  # shown when the journey fails


@pytest.fixture
def site(live_demo, smtp_server, worker, settings, django_user_model):
    """The demo campaign on a live server with its worker, e-mails arriving at a real SMTP server; Farah's
    account."""
    settings.CLARION_BASE_URL = live_demo
    django_user_model.objects.create_superuser("farah", FARAH, PASSWORD, first_name="Farah", last_name="Haddad")
    return live_demo


def log_in(page, base_url):
    log_in_to_admin(page, base_url, "farah", PASSWORD)


def open_action_alerts(page, item):
    """Action alerts › `item` from the admin's main menu."""
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("button", name="Action alerts").click()
    menu.get_by_role("link", name=item, exact=True).click()
    expect(page.get_by_role("heading", name=item, level=1)).to_be_visible()


def segment_count_cell(page):
    row = page.get_by_role("row").filter(has_text=SEGMENT)
    expect(row).to_have_count(1)
    return row.get_by_role("cell").nth(1)


def watch_the_live_count(page, reached):
    """On the segment's form the count follows the conditions as she types, before anything is saved."""
    page.get_by_role("link", name=SEGMENT, exact=True).click()
    live = page.locator('[data-segment-count-target="output"]')
    expect(live).to_have_text(str(reached))
    joined_after = page.get_by_label("Joined on or after")
    joined_after.fill("2999-01-01")
    expect(live).to_have_text("0")
    joined_after.fill("")
    page.keyboard.press("Escape")
    expect(live).to_have_text(str(reached))


def start_recording_progress(page):
    """Keep every value the progress bar shows, so the test can tell the bar moved rather than jumped."""
    page.evaluate("""() => {
        const bar = document.querySelector('[data-mailing-progress-target="bar"]');
        window.progressSeen = [bar.value];
        new MutationObserver(() => window.progressSeen.push(bar.value)).observe(bar, {childList: true});
    }""")


def send_now_and_wait(page, recipients, scans=None):
    """Press Send now, read how many it will reach and confirm; then watch the bar reach 100% while the worker
    sends, and Pause and Cancel go away when it is done, without a reload."""
    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(f"to {recipients} supporters now?")
    assert Mailing.objects.filter(status=MailingStatus.SENDING).count() == 0
    if scans is not None:
        scan(page, "send confirmation", scans)
    page.get_by_role("button", name=f"Yes, send to {recipients} supporters").click()
    expect(page.get_by_role("status")).to_contain_text(f"Sending to {recipients} supporters has started.")
    bar = page.get_by_role("progressbar", name="Progress")
    expect(bar).to_be_visible()
    page.evaluate("() => { window.sameDocument = true; }")
    expect(page.get_by_role("button", name="Cancel the mailing")).to_be_visible()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    start_recording_progress(page)
    expect(bar).to_have_attribute("value", "100", timeout=SENDING_TAKES_MS)
    expect(page.locator('[data-mailing-progress-target="status"]')).to_have_text("Sent")
    expect(page.locator('[data-progress="sent"]')).to_have_text(str(recipients))
    expect(page.locator('[data-progress="remaining"]')).to_have_text("0")
    expect(page.get_by_role("button", name="Cancel the mailing")).to_have_count(0)
    expect(page.get_by_role("button", name="Pause")).to_have_count(0)
    assert page.evaluate("() => window.sameDocument") is True, "the page was reloaded"
    return page.evaluate("() => window.progressSeen")


def arrived(page, received):
    """Wait, with the page alive, until the worker has delivered what `received` looks for."""
    deadline = time.monotonic() + SENDING_TAKES_MS / 1000
    while not received():
        assert time.monotonic() < deadline, "the worker delivered nothing in time"
        page.wait_for_timeout(100)
    return received()


def alerts(smtp_server, subject_start):
    return [m for m in smtp_server.messages if m["Subject"].startswith(subject_start)]


def plain(message):
    return message.get_body(("plain",)).get_content()


def scan(page, where, scans):
    """Record axe's serious and critical findings on this admin page; the journey reports them all at the end."""
    # Wagtail fades its messages in; mid-fade, axe would measure the contrast of half-transparent text.
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((animation) => animation instanceof CSSTransition)
        .map((animation) => animation.finished.catch(() => null)))""")
    scans[where] = axe_violations(page)


def test_organiser_sends_alert_to_the_demo_segment(page, site, smtp_server, settings):
    admin = page
    attempted = keep_on_loopback(admin)
    segment = Segment.objects.get(name=SEGMENT)
    audience = list(segment.recipients().order_by("pk"))
    assert len(audience) >= 3
    scans = {}
    log_in(admin, site)

    # The segment, with how many it reaches now.
    open_action_alerts(admin, "Segments")
    expect(segment_count_cell(admin)).to_have_text(str(len(audience)))
    scan(admin, "segments listing", scans)
    watch_the_live_count(admin, len(audience))

    # The demo draft: a sharper subject, saved; saving leads to the sending page.
    open_action_alerts(admin, "Mailings")
    admin.get_by_role("link", name=re.compile("four days to stop the Tamsin Valley returns")).first.click()
    subject = admin.get_by_role("textbox", name="Subject")
    expect(subject).to_have_value(re.compile("four days to stop"))
    scan(admin, "mailing edit form", scans)
    subject.fill(NEW_SUBJECT)
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_role("heading", name="The mailing")).to_be_visible()
    expect(admin.get_by_text(f"{SEGMENT} — {len(audience)} mailable supporters now")).to_be_visible()
    assert Mailing.objects.get().subject == NEW_SUBJECT

    # A test to herself, as she would receive it.
    admin.get_by_role("button", name=f"Send a test to me ({FARAH})").click()
    expect(admin.get_by_role("status")).to_contain_text(f"A test is on its way to {FARAH}.")
    scan(admin, "sending page", scans)
    arrived(admin, lambda: smtp_server.to(FARAH))
    [test_message] = smtp_server.to(FARAH)
    assert test_message["To"] == FARAH
    assert test_message["Subject"] == "[Test] Farah, three days left to stop the Tamsin Valley returns"
    assert plain(test_message).startswith("Dear Farah,")
    assert len(smtp_server.messages) == 1

    # A preview as one supporter in the segment.
    jane = Supporter.objects.get(email="jane.okafor@example.org")
    assert jane in audience
    admin.get_by_role("link", name="Preview as a recipient").click()
    admin.get_by_label("Preview as the supporter with e-mail").fill(jane.email)
    admin.get_by_role("button", name="Preview", exact=True).click()
    expect(admin.locator('[data-preview="subject"]')).to_have_text(
        "Jane, three days left to stop the Tamsin Valley returns")
    expect(admin.locator('[data-preview="text"]')).to_contain_text("Dear Jane,")
    assert admin.locator('[data-preview="text"]').inner_text().startswith("Dear Jane,")
    scan(admin, "preview", scans)
    admin.get_by_role("link", name="Back to sending").click()

    # Send now, and watch the bar fill while the worker sends.
    seen = send_now_and_wait(admin, len(audience), scans)
    assert any(0 < value < 100 for value in seen), f"the bar went {seen}: it never showed part of the way"
    scan(admin, "progress page, sent", scans)
    assert Mailing.objects.get().status == MailingStatus.SENT

    # Each supporter in the segment has exactly one copy, addressed by first name, with one-click unsubscribe.
    first = [m for m in smtp_server.messages if m["To"] != FARAH]
    assert Counter(m["To"] for m in first) == Counter({person.email: 1 for person in audience})
    by_address = {m["To"]: m for m in first}
    for person in audience:
        message = by_address[person.email]
        assert plain(message).startswith(f"Dear {person.first_name or 'Friend'},")
        assert message["List-Unsubscribe"].startswith(f"<{site}/supporters/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Amir's mail program follows RFC 8058: a POST to the List-Unsubscribe address, no cookies, no page.
    leaving = by_address[LEAVER]["List-Unsubscribe"].strip().strip("<>")
    answer = requests.post(leaving, data="List-Unsubscribe=One-Click", timeout=10,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 200
    assert not Supporter.objects.get(email=LEAVER).subscribed

    # The segment now reaches one fewer; her next alert (the daily cap lifted for it) passes Amir by.
    settings.CLARION_ALERTS_FREQUENCY_CAP = 0
    open_action_alerts(admin, "Segments")
    expect(segment_count_cell(admin)).to_have_text(str(len(audience) - 1))
    open_action_alerts(admin, "Mailings")
    admin.get_by_role("link", name="Add mailing").click()
    admin.get_by_role("textbox", name="Subject").fill(SECOND_SUBJECT)
    admin.get_by_role("textbox", name="Body").fill(SECOND_BODY)
    admin.get_by_role("combobox", name="Send to").select_option(label=SEGMENT)
    admin.get_by_role("button", name="Create").click()
    send_now_and_wait(admin, len(audience) - 1)

    second = alerts(smtp_server, "Thank you, ")
    assert sorted(m["To"] for m in second) == sorted(p.email for p in audience if p.email != LEAVER)
    for message in second:
        person = next(p for p in audience if p.email == message["To"])
        assert plain(message).startswith(f"Dear {person.first_name or 'Friend'},")
        assert message["Subject"] == f"Thank you, {person.first_name or 'Friend'}: the vigil is on Friday"
    assert admin.clarion_js_errors == []
    assert attempted == []
    found = {where: violations for where, violations in scans.items() if violations}
    assert not found, "\n".join(f"{where}:\n{describe(v)}" for where, v in found.items())
