"""Fixtures for browser journeys: the demo campaign on a live server, browsers that never leave this machine."""

from urllib.parse import urlsplit

import pytest

from tests.fixtures.browser import _open_page

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
DESKTOP = {"width": 1280, "height": 900}
# The home page's first render draws every slide's renditions (11 images, 6 sizes each): allow for it.
FIRST_RENDER_MS = 60_000


@pytest.fixture(autouse=True)
def _serialized_contents_after_playwright(django_db_setup, browser):
    """Playwright's event loop makes Django hold a second connection object; give it the saved data too,
    or the rollback after the first journey restores nothing and later journeys find no root page."""
    from django.db import connections

    if django_db_setup is not None:
        connections["default"]._test_serialized_contents = django_db_setup


@pytest.fixture
def live_demo(live_server, django_db_serialized_rollback, _migrations_data, demo):
    """The demo campaign served over HTTP; returns the server's base URL.

    live_server makes the test transactional, so the database is flushed after each journey; the
    serialized rollback restores what migrations created (Wagtail's root page, locale, collection).
    """
    return live_server.url


def visit(page, base_url, path):
    """Open a page of the live site, waiting as long as a cold first render can take."""
    page.goto(base_url + path, timeout=FIRST_RENDER_MS)


def log_in_to_admin(page, base_url, username, password):
    """Sign in to the Wagtail admin as an editor does, and wait for its main menu."""
    from playwright.sync_api import expect

    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()


def keep_on_loopback(page):
    """Abort every request the page's browser context makes to another machine; return those URLs.

    A journey asserts on the returned list to prove nothing tried to reach a third party.
    """
    attempted = []

    def handle(route):
        url = route.request.url
        if urlsplit(url).hostname in LOOPBACK_HOSTS:
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    page.context.route("**/*", handle)
    return attempted


@pytest.fixture
def still_page(browser, request, artifacts_dir):
    """A desktop page whose visitor asked the system for reduced motion."""
    yield from _open_page(browser, request, artifacts_dir, viewport=DESKTOP, reduced_motion="reduce")


@pytest.fixture
def no_script_page(browser, request, artifacts_dir):
    """A desktop page with JavaScript switched off."""
    yield from _open_page(browser, request, artifacts_dir, viewport=DESKTOP, java_script_enabled=False)
