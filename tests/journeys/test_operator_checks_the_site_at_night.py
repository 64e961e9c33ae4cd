"""Sami keeps Clarion running for the campaign. Before bed he signs in to the admin and opens Settings › System
status: the tasks, the periodic tasks, the outbox and the mailings, and a sentence in red because mail has waited
too long (a greylisting server keeps saying "try later"). From the Outbox he finds a message the real mail server
refused for good ("550 5.1.1 No such user") and, under Supporters, Leyla's address marked undeliverable with the
server's words. He reads the same status page on his phone without scrolling sideways. Later the Redis host goes
away: his next click shows the 503 page, readable, in the site's language and direction, styled, with a
Retry-After header and a way home that works. Nothing leaves the machine; every page passes axe."""

import re
import socket
from datetime import timedelta

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import transaction
from django.utils import timezone, translation
from playwright.sync_api import expect

from clarion.core import memo
from clarion.mail.actions import queue_mail
from clarion.mail.models import OutboxMessage
from clarion.mail.rounds import deliver_due_mail
from clarion.supporters.models import Supporter
from tests.conftest import run_queued_tasks
from tests.fixtures.browser import axe_violations
from tests.journeys.conftest import FIRST_RENDER_MS, keep_on_loopback, log_in_to_admin
from tests.journeys.test_accessibility import describe

pytestmark = pytest.mark.journey

PASSWORD = "the night shift keeps the lights on"
LEYLA = "leyla.aziz@example.org"
TOMAS = "tomas.ruiz@example.org"
NO_SUCH_USER = "550 5.1.1 No such user here"
TRY_LATER = "451 4.7.1 Greylisted, try again later"
WAITED = timedelta(minutes=20)


def deliver_the_outbox():
    """One delivery round, run by the configured task worker as in production."""
    deliver_due_mail.enqueue()
    run_queued_tasks()


@pytest.fixture
def night(live_demo, refusing_smtp_server, django_user_model):
    """The demo campaign after a day's mail: Leyla's address refused for good by the real SMTP server, Tomás's
    thank-you greylisted and waiting for twenty minutes; Sami's superuser account."""
    refusing_smtp_server.refuse(LEYLA, NO_SUCH_USER)
    refusing_smtp_server.refuse(TOMAS, TRY_LATER)
    with transaction.atomic():
        for address in (LEYLA, TOMAS):
            queue_mail(address, "Thank you for signing", "Thank you for standing with the Tamsin Valley families.\n")
    deliver_the_outbox()
    assert refusing_smtp_server.rcpts[LEYLA] == 1 and refusing_smtp_server.messages == []
    OutboxMessage.objects.filter(to=TOMAS).update(created_at=timezone.now() - WAITED)
    django_user_model.objects.create_superuser("sami", "sami@example.org", PASSWORD, first_name="Sami")
    return live_demo


def wagtails_filter_count(violation):
    """Wagtail's own filter button, once a filter is on, shows the count beside an aria-label ("Show filters")
    that does not include it (wagtailadmin/shared/headers/_filters.html): not Clarion's markup, left to Wagtail."""
    return violation["id"] == "label-content-name-mismatch" and all(
        node["target"] == [".w-slim-header-action-button"] for node in violation["nodes"])


def settle_and_scan(page, where, scans):
    """Record axe's serious and critical findings, once Wagtail's fade-ins are over."""
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((animation) => animation instanceof CSSTransition)
        .map((animation) => animation.finished.catch(() => null)))""")
    scans[where] = [violation for violation in axe_violations(page) if not wagtails_filter_count(violation)]


def open_settings(page, item):
    """Settings › `item` from the admin's main menu, clicked as a person does."""
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("button", name="Settings").click()
    menu.get_by_role("link", name=item, exact=True).click()
    expect(page.get_by_role("heading", name=item, level=1)).to_be_visible()


def section_text(page, title):
    """The facts printed under a section's heading on the status page."""
    heading = page.get_by_role("heading", name=title, exact=True, level=2)
    expect(heading).to_be_visible()
    return heading.locator("xpath=following-sibling::*[1]").inner_text()


def read_the_status_page(page):
    problems = page.get_by_role("region", name="Needs attention")
    expect(problems).to_contain_text(re.compile(r"Mail waiting to be sent: 1, the oldest for 1[23]\d\d s"))
    tasks = section_text(page, "Tasks")
    assert "backend:" in tasks and "ready:" in tasks and "last activity:" in tasks, tasks
    periodic = section_text(page, "Periodic tasks")
    # Each periodic task in words ("every 60 s, last run ago never, outcome —"), not field names and None; the
    # delivery round that met the refusal is the last run of the mail sweep.
    assert re.search(r"deliver due mail: every \d+ s, last run ago \d+ s, outcome successful", periodic), periodic
    assert re.search(r"count signatures: every 5 s, last run ago (never|\d+ (s|min)), outcome \S", periodic), periodic
    assert "_seconds" not in periodic and "None" not in periodic, periodic
    outbox = section_text(page, "Outbox")
    assert "failed 1" in outbox and "pending 1" in outbox, outbox
    assert re.search(r"oldest pending: (20|21) min", outbox), outbox
    assert "mailings:" in section_text(page, "Mailings in progress")


def fits_the_screen(page):
    """Nothing wider than the screen: neither the page nor a block of facts scrolls sideways."""
    return page.evaluate("""() => {
        const root = document.documentElement;
        const wide = [...document.querySelectorAll('main pre, main table')]
            .filter((element) => element.scrollWidth > element.clientWidth + 1);
        return {page: root.scrollWidth <= root.clientWidth, wide: wide.map((el) => el.outerHTML.slice(0, 80))};
    }""")


def test_operator_reads_the_status_page_and_finds_the_refused_address(page, phone_page, night):
    attempted = keep_on_loopback(page)
    scans = {}
    log_in_to_admin(page, night, "sami", PASSWORD)

    open_settings(page, "System status")
    read_the_status_page(page)
    settle_and_scan(page, "system status", scans)

    # The outbox shows the refusal in the server's own words, in the list and on the message.
    open_settings(page, "Outbox")
    row = page.get_by_role("row").filter(has_text=LEYLA)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Refused for good: 550 5.1.1")
    expect(page.get_by_role("row").filter(has_text=TOMAS)).to_contain_text(f"Refused for now: {TRY_LATER}")
    settle_and_scan(page, "outbox listing", scans)
    row.get_by_role("link", name="Thank you for signing").click()
    expect(page.get_by_text(f"Refused for good: {NO_SUCH_USER}")).to_be_visible()
    settle_and_scan(page, "outbox message", scans)

    # Supporters whose mail cannot be delivered: Leyla, and why.
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("link", name="Supporters", exact=True).click()
    expect(page.get_by_role("heading", name="Supporters", level=1)).to_be_visible()
    settle_and_scan(page, "supporters", scans)
    page.get_by_role("button", name=re.compile("filter", re.IGNORECASE)).click()
    page.get_by_role("button", name="Mail delivery").click()
    page.get_by_role("radio", name="Undeliverable").check()
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(LEYLA)
    settle_and_scan(page, "supporters, undeliverable", scans)
    rows.get_by_role("link", name=LEYLA).click()
    notice = page.get_by_role("status").filter(has_text="No mail goes to this address since")
    expect(notice).to_contain_text(f"Refused by the mail server: {NO_SUCH_USER}")
    settle_and_scan(page, "undeliverable supporter", scans)
    assert Supporter.objects.get(email=LEYLA).undeliverable_at is not None
    assert Supporter.objects.get(email=TOMAS).undeliverable_at is None

    # The same status page on his phone, signed in with the laptop's session.
    phone_attempted = keep_on_loopback(phone_page)
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(night + "/admin/status/")
    expect(phone_page.get_by_role("heading", name="System status", level=1)).to_be_visible()
    read_the_status_page(phone_page)
    layout = fits_the_screen(phone_page)
    assert layout == {"page": True, "wide": []}, f"the status page scrolls sideways on a phone: {layout}"
    settle_and_scan(phone_page, "system status on a phone", scans)

    assert page.clarion_js_errors == [] and phone_page.clarion_js_errors == []
    assert attempted == [] and phone_attempted == []
    found = {where: violations for where, violations in scans.items() if violations}
    assert not found, "\n".join(f"{where}:\n{describe(v)}" for where, v in found.items())


def _closed_port_redis():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{sock.getsockname()[1]}/0"


@pytest.fixture
def sessions_store_goes_away(live_server, settings):
    """From now on the live server keeps sessions as scale-out does (cached_db) with a Redis nothing answers at:
    the session row is still in the database, the cache in front of it is gone. The server's Django is built
    anew for it, as a restarted process would be: middleware reads the session engine once, when it starts."""
    server = live_server.thread.httpd
    serving = server.get_app()

    def go_away():
        settings.CACHES = {**settings.CACHES, "sessions": {"BACKEND": "django_redis.cache.RedisCache",
                                                           "LOCATION": _closed_port_redis(),
                                                           "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1}}}
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
        settings.SESSION_CACHE_ALIAS = "sessions"
        server.set_app(type(serving)(WSGIHandler()))

    yield go_away
    server.set_app(serving)
    memo.clear_all()  # this process would leave Redis alone a few seconds more: the next test starts afresh


@pytest.mark.parametrize("language, direction", [("en", "ltr"), ("fa", "rtl")])
def test_operator_meets_the_paused_page_while_redis_is_down(page, live_demo, django_user_model, settings,
                                                            sessions_store_goes_away, language, direction):
    attempted = keep_on_loopback(page)
    django_user_model.objects.create_superuser("sami", "sami@example.org", PASSWORD)
    log_in_to_admin(page, live_demo, "sami", PASSWORD)
    settings.LANGUAGE_CODE = language
    sessions_store_goes_away()
    answers = []
    page.on("response", lambda response: answers.append((response.status, response.url)))

    response = page.goto(live_demo + "/admin/")

    assert response.status == 503
    assert response.headers["retry-after"] == "60"
    # In the site's language, from its catalog (Persian has one since issue 17).
    with translation.override(language):
        words = {text: translation.gettext(text) for text in (
            "Temporarily unavailable", "Signed-in pages are paused for a few minutes",
            "Please try again in a few minutes.", "Go to the home page")}
    assert language == "en" or words["Temporarily unavailable"] != "Temporarily unavailable"
    expect(page).to_have_title(words["Temporarily unavailable"])
    expect(page.get_by_role("heading", level=1)).to_have_text(words["Signed-in pages are paused for a few minutes"])
    expect(page.get_by_role("main")).to_contain_text(words["Please try again in a few minutes."])
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == direction
    # Styled by the site's own sheet: the page's links are its buttons, not default blue underlined text.
    assert page.evaluate("() => document.styleSheets.length") == 1
    assert page.evaluate("() => document.styleSheets[0].cssRules.length") > 50
    body_text = page.get_by_text(words["Please try again in a few minutes."])
    assert float(body_text.evaluate("(element) => parseFloat(getComputedStyle(element).fontSize)")) >= 16
    button = page.get_by_role("link", name=words["Go to the home page"])
    assert button.evaluate("(element) => getComputedStyle(element).textDecorationLine") == "none"
    missing = [(status, url) for status, url in answers if status >= 400 and url != response.url]
    assert missing == [], f"the 503 page's assets did not load: {missing}"
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # Its links lead somewhere for a visitor (no session): the demo's home page.
    links = page.evaluate("() => [...document.querySelectorAll('a[href]')].map((a) => a.href)")
    assert links and set(links) == {live_demo + "/"}
    visitor = page.context.browser.new_context()
    try:
        home = visitor.new_page()
        visitor_attempted = keep_on_loopback(home)
        answer = home.goto(links[0], timeout=FIRST_RENDER_MS)
        assert answer.status == 200
        expect(home.get_by_role("heading", level=1)).to_contain_text("Tamsin Valley")
        assert visitor_attempted == []
    finally:
        visitor.close()
    assert page.clarion_js_errors == []
    assert attempted == []
