"""Partner Aid puts the petition on its own site with the one-line script (another origin: 127.0.0.1 on another
port), under a stylesheet that hides and recolours everything it can reach. Miriam signs there with the keyboard
only, confirms from her mail, and the organisers see Partner Aid's signer in the admin. The same page served as
http://localhost:<port> is not on the allow-list and cannot sign; a partner page with a strict CSP frames the
petition instead, and a page elsewhere cannot frame it."""

import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from clarion.petitions.counting import count_round, read_counts
from clarion.petitions.models import PetitionPage, PetitionPartner, Signature, SignatureState
from tests.fixtures.browser import axe_violations
from tests.journeys.conftest import keep_on_loopback, log_in_to_admin
from tests.petitions.conftest import change_settings, confirm_link, deliver_outbox

pytestmark = pytest.mark.journey

MIRIAM = "miriam@example.org"
PASSWORD = "a long editor passphrase 42"
OPT_IN = "Yes, Partner Aid may e-mail me about its work."
# Outside the widget's shadow root: hides and recolours every element it matches, the widget's host included.
HOSTILE_CSS = "body * { display: none !important; color: red !important; font-size: 3px !important; }"
PARTNER_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner Aid</title>
<style>{css}</style></head><body><a href="/">Partner Aid home</a>
<script src="{site}/embed/petition.js" data-petition="{petition}" async></script></body></html>"""
STRICT_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner Aid, strict</title></head>
<body><main><iframe src="{site}/embed/petitions/{petition}/?partner={partner}" title="Petition"
 style="width:100%;height:900px;border:0"></iframe></main></body></html>"""


class PartnerSite(BaseHTTPRequestHandler):
    def __init__(self, pages, *args, **kwargs):
        self.pages = pages
        super().__init__(*args, **kwargs)

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        body, headers = self.pages.get(self.path, ("", {}))
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def site(live_demo, smtp_server, settings):
    """The live site as http://127.0.0.1:<port>; its e-mails link back to it and arrive at a real SMTP server."""
    settings.CLARION_BASE_URL = live_demo.replace("//localhost:", "//127.0.0.1:")
    change_settings(min_fill_seconds=0)
    return settings.CLARION_BASE_URL


@pytest.fixture
def partner_site(site):
    """Partner Aid's site on another port: http://127.0.0.1:<port> is on the allow-list, the same pages as
    http://localhost:<port> are another origin that is not."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(PartnerSite, {}))
    origin = f"http://127.0.0.1:{server.server_port}"
    petition = PetitionPage.objects.get()
    partner = PetitionPartner.objects.create(petition=petition, name="Partner Aid", origin=origin,
                                             opt_in_text=OPT_IN)
    strict = {"Content-Security-Policy": f"default-src 'none'; frame-src {site}; style-src 'unsafe-inline'"}
    server.RequestHandlerClass = partial(PartnerSite, {
        "/petition.html": (PARTNER_PAGE.format(css=HOSTILE_CSS, site=site, petition=petition.pk), {}),
        "/strict.html": (STRICT_PAGE.format(site=site, petition=petition.pk, partner=origin), strict),
    })
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield origin, partner
    server.shutdown()
    server.server_close()


def focused_name(page):
    """The name of the focused control, looking into the widget's shadow root."""
    return page.evaluate("""() => { let el = document.activeElement;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        return el ? (el.getAttribute('name') || el.tagName.toLowerCase()) : null; }""")


def tab_to(page, name, limit=30):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_name(page) == name:
            return
    pytest.fail(f"Tab never reached {name}")


def received(smtp_server, address):
    deliver_outbox()
    return [m for m in smtp_server.to(address) if m["Subject"].startswith("Please confirm")]


def test_partner_embeds_the_petition_and_miriam_signs_there_with_the_keyboard(
        page, site, partner_site, smtp_server, django_user_model):
    origin, partner = partner_site
    attempted = keep_on_loopback(page)
    page.goto(origin + "/petition.html")
    widget = page.locator("clarion-petition")
    expect(widget.get_by_role("heading", name="Add your name")).to_be_visible()
    assert page.clarion_js_errors == []
    # The host page's stylesheet reached none of it.
    name_box = widget.get_by_label("Your name", exact=True)
    assert name_box.evaluate("el => getComputedStyle(el).color") != "rgb(255, 0, 0)"
    assert page.locator("body > a").is_hidden()  # while the host's own elements are hidden as it asked
    found = axe_violations(page)
    assert found == [], [(v["id"], [n["target"] for n in v["nodes"]], [n["failureSummary"] for n in v["nodes"]])
                         for v in found]

    tab_to(page, "name")
    page.keyboard.type("Miriam Rezaei")
    tab_to(page, "email")
    page.keyboard.type(MIRIAM)
    tab_to(page, "country")
    page.keyboard.type("Germany")
    assert widget.get_by_label("Country", exact=True).input_value() == "DE"
    tab_to(page, "partner_opt_in")
    page.keyboard.press("Space")
    tab_to(page, "button")
    page.keyboard.press("Enter")

    status = widget.get_by_role("status").first
    expect(status).to_contain_text("check your e-mail")
    expect(widget.get_by_role("heading", name="Now ask your friends to sign")).to_be_visible()
    assert axe_violations(page) == []
    [mail] = received(smtp_server, MIRIAM)
    page.goto(confirm_link(mail))
    expect(page.get_by_role("heading", name="Thank you: your signature is confirmed")).to_be_visible()

    count_round()
    signature = Signature.objects.get()
    assert (signature.partner, signature.state, signature.partner_consent_text) == (
        partner, SignatureState.VALIDATED, OPT_IN)
    assert read_counts(signature.petition_id)["total"] == 1
    django_user_model.objects.create_superuser("farah", "farah@example.org", PASSWORD)
    log_in_to_admin(page, site, "farah", PASSWORD)
    page.goto(site + "/admin/spread/")
    partners = page.locator("table[data-partners]")
    expect(partners).to_contain_text("Partner Aid")
    expect(partners.locator("tbody tr").first).to_contain_text("1")
    assert page.clarion_js_errors == []
    assert attempted == []


def test_the_embed_sets_no_cookie_on_the_partner_page(page, site, partner_site):
    origin, _partner = partner_site
    page.goto(origin + "/petition.html")
    expect(page.locator("clarion-petition").get_by_role("button", name="Sign the petition")).to_be_visible()

    assert page.context.cookies() == []


def test_a_page_on_an_origin_not_on_the_list_cannot_sign(page, site, partner_site):
    origin, _partner = partner_site
    elsewhere = origin.replace("//127.0.0.1:", "//localhost:")
    page.goto(elsewhere + "/petition.html")
    widget = page.locator("clarion-petition")

    expect(widget.get_by_text("This site may not collect signatures")).to_be_visible()
    assert widget.get_by_role("button", name="Sign the petition").count() == 0
    # Posting anyway: the browser's preflight is refused, so the post never leaves.
    sent = page.evaluate("""async ([url, email]) => {
        try { await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
                                body: JSON.stringify({name: 'X', email, country: 'DE', elapsed: '8000'})});
              return 'sent'; } catch (e) { return 'blocked'; } }""",
                         [f"{site}/embed/petitions/{PetitionPage.objects.get().pk}/sign/", "x@example.org"])
    assert sent == "blocked"
    assert not Signature.objects.exists()


def test_a_partner_page_with_a_strict_csp_frames_the_petition(page, site, partner_site):
    origin, _partner = partner_site
    page.goto(origin + "/strict.html")
    frame = page.frame_locator("iframe[title=Petition]")

    expect(frame.get_by_role("heading", name="Add your name")).to_be_visible()
    expect(frame.get_by_label(OPT_IN)).to_be_visible()
    assert page.context.cookies() == []
    assert page.clarion_js_errors == []
