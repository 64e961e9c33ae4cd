"""A stranger puts a copy of our signing form on a page of their own (another port of the same machine: another
origin to the browser) and in a sandboxed frame (whose posts say `Origin: null`). A visitor presses its button
in real Chromium: nothing is signed in their name. The petition's own form still works."""

import threading
from functools import partial
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from clarion.petitions.models import PetitionPage, Signature
from tests.journeys.conftest import keep_on_loopback, visit
from tests.petitions.conftest import change_settings

pytestmark = pytest.mark.journey

FORM = """<form method="post" action="{action}">
  <input name="name" value="Stranger's Victim"><input name="email" value="{email}">
  <input name="country" value="DE"><input name="website" value=""><input name="elapsed" value="8000">
  <button type="submit">Win a prize</button>
</form>"""


class StrangersSite(BaseHTTPRequestHandler):
    def __init__(self, pages, *args, **kwargs):
        self.pages = pages
        super().__init__(*args, **kwargs)

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        body = self.pages.get(self.path, "").encode()
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site(live_demo, settings):
    """The live site as http://127.0.0.1:<port>, so that the stranger's site differs only by its port."""
    settings.CLARION_BASE_URL = live_demo.replace("//localhost:", "//127.0.0.1:")
    change_settings(min_fill_seconds=0)
    return settings.CLARION_BASE_URL


@pytest.fixture
def strangers_site(site):
    """Another origin on this machine (127.0.0.1 on another port) whose pages post to the live site."""
    action = site + PetitionPage.objects.get().get_sign_url()
    framed = escape(FORM.format(action=action, email="framed@example.org"))
    pages = {
        "/copy.html": "<!doctype html><title>Prize</title>" + FORM.format(action=action, email="copied@example.org"),
        # No allow-same-origin: the frame's document has an opaque origin and its posts say Origin: null.
        "/framed.html": '<!doctype html><title>Prize</title><iframe sandbox="allow-forms allow-scripts" '
                        f'srcdoc="{framed}"></iframe>',
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(StrangersSite, pages))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def press_and_catch_the_post(page, where):
    """Press the stranger's button; return the answer to the post it makes."""
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        where.get_by_role("button", name="Win a prize").click()
    return answer.value


def test_a_strangers_copy_of_the_form_signs_nobody(page, site, strangers_site):
    attempted = keep_on_loopback(page)

    page.goto(strangers_site + "/copy.html")
    copied = press_and_catch_the_post(page, page)
    assert copied.request.header_value("origin") == strangers_site
    assert copied.status == 403
    expect(page.get_by_text("The form you used was not on this site")).to_be_visible()

    page.goto(strangers_site + "/framed.html")
    framed = press_and_catch_the_post(page, page.frame_locator("iframe"))
    assert framed.request.header_value("origin") == "null"
    assert framed.status == 403
    # Nor may the refusal be shown inside the stranger's page: our pages refuse to be framed by others.
    for _ in range(50):  # the browser reports the refusal just after the answer came
        if any("frame-ancestors 'self'" in text for text in page.clarion_csp_violations):
            break
        page.wait_for_timeout(100)
    assert any("frame-ancestors 'self'" in text for text in page.clarion_csp_violations)
    page.clarion_csp_violations.clear()
    assert not Signature.objects.exists()

    visit(page, site, "/petition/")
    form = page.locator("form[data-petition-form]")
    form.get_by_label("Your name").fill("Miriam Rezaei")
    form.get_by_label("Your e-mail address").fill("miriam@example.org")
    form.get_by_role("combobox", name="Country").select_option(label="Germany")
    form.get_by_role("button", name="Sign the petition").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    assert list(Signature.objects.values_list("email", flat=True)) == ["miriam@example.org"]
    assert attempted == []
