"""Visitors using assistive technology meet no serious or critical barrier on the campaign's main pages."""

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import axe_violations
from tests.journeys.conftest import keep_on_loopback, visit

pytestmark = pytest.mark.journey


def describe(violations):
    """One line per violation and the elements it was found on, so a failure says what to fix where."""
    lines = []
    for violation in violations:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", ["/", "/stop-the-forced-return/"], ids=["home", "appeal"])
def test_screen_reader_visitor_meets_no_serious_barrier(page, phone_page, live_demo, path):
    scans = {}
    for width, tab in (("1280px", page), ("375px", phone_page)):
        attempted = keep_on_loopback(tab)
        visit(tab, live_demo, path)
        tab.wait_for_load_state("networkidle")
        scans[width] = axe_violations(tab)
        assert attempted == []
        assert tab.clarion_js_errors == []

    phone_page.locator("button.offcanvas-toggle").click()
    expect(phone_page.locator("dialog#offcanvas")).to_have_attribute("open", "")
    scans["375px, menu drawer open"] = axe_violations(phone_page)

    found = {width: violations for width, violations in scans.items() if violations}
    assert not found, "\n".join(f"{path} at {width}:\n{describe(v)}" for width, v in found.items())
