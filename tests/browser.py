"""Headless Chromium through Playwright: fixtures for browser journeys, axe scans and failure screenshots.

Journeys skip when Chromium is absent, unless CLARION_REQUIRE_BROWSER=1 (as .ci/run sets), where a missing
browser or any skipped journey fails the run.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CLARION_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-quic", "--no-first-run",
]
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
REQUIRE_BROWSER = os.environ.get("CLARION_REQUIRE_BROWSER") == "1"


def browser_available():
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)
    if report.skipped and REQUIRE_BROWSER and item.get_closest_marker("journey"):
        item.config._clarion_skipped_journeys = getattr(item.config, "_clarion_skipped_journeys", []) + [
            item.nodeid
        ]


def pytest_sessionfinish(session, exitstatus):
    skipped = getattr(session.config, "_clarion_skipped_journeys", [])
    if skipped:
        print("\nBrowser journeys are mandatory here (CLARION_REQUIRE_BROWSER=1) but were skipped:")
        for nodeid in skipped:
            print(f"  {nodeid}")
        session.exitstatus = 1


@pytest.fixture(scope="session")
def browser():
    if not browser_available():
        if REQUIRE_BROWSER:
            pytest.fail(f"Chromium is required but missing at {CHROMIUM}")
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# Reported by every document of the context (frames too) to the test, which fails on any.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  window.clarionCspViolation(`${event.effectiveDirective} blocked ${blocked} on ${event.documentURI} ${event.sample}`);
});
"""


def _watch_content_security_policy(context, page):
    """Collect every Content-Security-Policy violation the pages of `context` meet (event and console)."""
    violations = []
    context.expose_binding("clarionCspViolation", lambda source, text: violations.append(text))
    context.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


def _open_page(browser, request, artifacts_dir, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clarion_js_errors = errors
    # A journey that means to meet a violation (a framing refused on purpose) empties this list itself.
    page.clarion_csp_violations = _watch_content_security_policy(context, page)
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)
    context.close()
    if failed is not None and failed.passed and page.clarion_csp_violations:
        pytest.fail("The pages broke their Content-Security-Policy:\n" + "\n".join(page.clarion_csp_violations))


@pytest.fixture
def page(browser, request, artifacts_dir):
    """A desktop-sized page; its screenshot is saved to test-artifacts/ when the test fails."""
    yield from _open_page(browser, request, artifacts_dir, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(browser, request, artifacts_dir):
    """A 375 px wide phone screen with touch."""
    yield from _open_page(
        browser, request, artifacts_dir,
        viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True,
    )


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core (from node_modules) in the page; return violations of the given impacts."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does)")
    # Evaluated by the browser's debugger, as a tester's console would: a page's own inline script would
    # break its Content-Security-Policy (and fail the journey).
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in impacts]
