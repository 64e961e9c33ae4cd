"""The Tamsin Valley Appeal delivers its petition. Miriam signs the demo petition and keeps her receipt. Then
Farah, who organises the campaign, closes the petition in the Wagtail admin and publishes, so its page says it
is closed; from the petition's editor she opens its Delivery page, builds the pack and watches it get ready,
and e-mails it to the Northern Returns Office. Oren Vale's office receives a private link and downloads the
summary and the names, without any account. The petition's page now says it was delivered; Farah records the
director's answer, which the page shows too, and sends the signers an update. Every confirmed signer gets it
with a one-click way out; Jane uses it, and Miriam checks on the public page that her signature was counted."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clarion.alerts.models import PetitionUpdateOptOut
from clarion.petitions.counting import count_round
from clarion.petitions.models import PetitionPage, Signature, SignatureState
from tests.fixtures.browser import axe_violations
from tests.journeys.conftest import FIRST_RENDER_MS, keep_on_loopback, log_in_to_admin, visit
from tests.journeys.test_accessibility import describe

# worker: the site's own task worker, as the alert journey starts it.
from tests.journeys.test_organiser_sends_alert import arrived, plain, scan, send_now_and_wait, worker  # noqa: F401
from tests.journeys.test_supporter_signs import PETITION, check_your_email, fill_in, submit
from tests.journeys.test_supporter_verifies_her_receipt import check
from tests.petitions.conftest import change_settings, confirm_link, confirmed

pytestmark = pytest.mark.journey

PASSWORD = "the boxes go on monday"
FARAH = "farah.haddad@example.org"
MIRIAM = "miriam@example.org"
JANE = "jane.okafor@example.org"
TARGET = "returns.office@example.org"
RESPONSE = "The return order for Tamsin Valley camp is suspended while the Office reviews each family's case."
UPDATE_SUBJECT = 'We delivered it, {{ first_name|default:"Friend" }}'
UPDATE_BODY = ('Dear {{ first_name|default:"Friend" }},\n\n'
               "We handed your signatures to the Northern Returns Office, and the return order is suspended.")
BUILD_TAKES_MS = 60_000


@pytest.fixture
def site(live_demo, smtp_server, worker, settings, django_user_model):  # noqa: F811
    """The demo campaign on a live server with its worker delivering to a real SMTP server; Farah's account."""
    settings.CLARION_BASE_URL = live_demo
    # Autosave would race the robot's instant click on Publish (a person pauses first) and file a second draft.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    django_user_model.objects.create_superuser("farah", FARAH, PASSWORD, first_name="Farah", last_name="Haddad")
    return live_demo


def mail_to(page, smtp_server, address, subject_start):
    """Wait, with the page alive, for the worker to deliver a message to `address` whose subject starts so."""
    return arrived(page, lambda: [m for m in smtp_server.to(address) if m["Subject"].startswith(subject_start)])


def sign_and_keep_the_receipt(page, site, smtp_server):
    """Miriam signs in her browser, confirms from the mail and copies the receipt her thank-you page shows."""
    change_settings(min_fill_seconds=0)
    visit(page, site, PETITION)
    submit(fill_in(page, "Miriam Rezaei", MIRIAM))
    check_your_email(page)
    [asking] = mail_to(page, smtp_server, MIRIAM, "Please confirm")
    page.goto(confirm_link(asking))
    receipt = page.locator("[data-receipt]").inner_text().strip()
    assert len(receipt) == 32
    [thanks] = mail_to(page, smtp_server, MIRIAM, "Thank you for signing")
    [check_link] = re.findall(r"\S+/transparency/", plain(thanks))
    assert check_link.startswith(site)
    return receipt, check_link


def close_the_petition(page, site, petition, scans):
    """In the petition's editor: Schedule › State › Closed, then Publish from the footer's actions."""
    page.goto(f"{site}/admin/pages/{petition.pk}/edit/")
    scan(page, "petition editor", scans)
    page.get_by_role("combobox", name="State").select_option(label="Closed")
    actions = page.get_by_role("navigation", name="Actions (footer)")
    actions.get_by_role("button", name="More actions").click()
    actions.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("published")


def open_from_the_header(page, name):
    """A petition's own pages sit in the editor header's Actions menu: open it, as a person does, then pick."""
    header = page.get_by_role("navigation", name="Actions", exact=True)
    header.get_by_role("button", name="Actions", exact=True).click()
    header.get_by_role("link", name=name, exact=True).click()


def build_the_pack(page, scans):
    expect(page).to_have_title(re.compile(r"^Delivery pack"))
    expect(page.get_by_role("heading", name="Signatures", exact=True)).to_be_visible()
    scan(page, "delivery page", scans)
    page.get_by_role("button", name="Build the pack").click()
    bar = page.get_by_label("Progress of the pack")
    expect(bar).to_be_visible()
    expect(page.locator('[data-pack-progress-target="status"]')).to_have_text("Ready", timeout=BUILD_TAKES_MS)
    expect(bar).to_have_attribute("value", re.compile(r"^100(\.0)?$"))
    expect(page.get_by_role("link", name="names.csv")).to_be_visible()
    scan(page, "delivery page, pack ready", scans)


def the_target_downloads(browser, link):
    """Oren Vale's office opens the private link in a browser that never signed in anywhere."""
    context = browser.new_context()
    office = context.new_page()
    attempted = keep_on_loopback(office)
    try:
        assert office.goto(link).status == 200
        expect(office.get_by_role("heading", level=1)).to_have_text(PetitionPage.objects.get().title)
        found = {"axe": axe_violations(office)}
        for name in ("summary.pdf", "names.csv"):
            with office.expect_download() as download:
                office.get_by_role("link", name=name).click()
            found[name] = Path(download.value.path()).read_bytes()
        assert attempted == []
        return found
    finally:
        context.close()


def answered(page, url):
    """Open a public page and require a plain 200: no error page along the way."""
    response = page.goto(url, timeout=FIRST_RENDER_MS)
    assert response.status == 200, f"{url} answered {response.status}"


def public_timeline(page, site, petition):
    answered(page, site + petition.url)
    return page.get_by_role("region", name="What has happened")


def test_campaign_delivers_its_petition(page, browser, site, smtp_server):
    attempted = keep_on_loopback(page)
    scans = {}
    petition = PetitionPage.objects.get()
    receipt, check_link = sign_and_keep_the_receipt(page, site, smtp_server)
    confirmed(petition, JANE, name="Jane Okafor")
    confirmed(petition, "tomas.ruiz@example.org", name="Tomás Ruiz")
    signers = sorted(Signature.objects.filter(petition=petition, state=SignatureState.VALIDATED)
                     .values_list("email", flat=True))
    assert len(signers) == 3

    # 1. Farah closes the petition the way the editor offers, and its page says so.
    log_in_to_admin(page, site, "farah", PASSWORD)
    close_the_petition(page, site, petition, scans)
    visit(page, site, petition.url)
    expect(page.locator(".petition__closed")).to_contain_text("This petition is closed.")
    scan(page, "public petition page, closed", scans)

    # 2. From the editor's header to the Delivery page; she builds the pack and watches it get ready.
    page.goto(f"{site}/admin/pages/{petition.pk}/edit/")
    open_from_the_header(page, "Delivery pack")
    build_the_pack(page, scans)

    # 3. She sends it to the Office; its mail carries a private link that opens without an account.
    send = page.get_by_role("button", name="E-mail the pack to the target")
    page.get_by_label("Target's e-mail address").fill(TARGET)
    send.click()
    expect(page.get_by_role("status")).to_contain_text(f"The pack is on its way to {TARGET}.")
    scan(page, "delivery page, sent", scans)
    [handed] = arrived(page, lambda: smtp_server.to(TARGET))
    assert plain(handed).startswith("Dear Oren Vale,")
    link = re.search(r"\S+/delivery/[^/\s]+/", plain(handed))[0]
    assert link.startswith(site + "/delivery/")
    files = the_target_downloads(browser, link)
    assert files["summary.pdf"].startswith(b"%PDF")
    assert files["names.csv"].decode("utf-8-sig").startswith("name,country,postal_code,confirmed_at")
    if files["axe"]:
        scans["the target's pack page"] = files["axe"]

    # 4. The page says it was delivered; she records the answer on "Delivery and outcome", and the page shows it.
    timeline = public_timeline(page, site, petition)
    expect(timeline).to_contain_text(f"Delivered to {petition.target_name}, {petition.target_title}")
    expect(timeline).to_contain_text("By e-mail")
    expect(timeline).not_to_contain_text(TARGET)  # the address she typed is not for the public page
    page.goto(f"{site}/admin/pages/{petition.pk}/edit/")
    open_from_the_header(page, "Delivery and outcome")
    expect(page.get_by_role("heading", name="1. Delivered")).to_be_visible()
    scan(page, "steps page", scans)
    page.get_by_label("Responded on").evaluate(
        "(input, value) => { input.value = value; }",
        timezone.localtime(timezone.now() + timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M"))
    page.get_by_label("The target's response").fill(RESPONSE)
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("The response is recorded.")).to_be_visible()
    timeline = public_timeline(page, site, petition)
    expect(timeline).to_contain_text(RESPONSE)
    scan(page, "public petition page, delivered and answered", scans)

    # 5. An update to the signers: compose, preview, confirm, send; the worker mails each confirmed signer.
    page.goto(f"{site}/admin/pages/{petition.pk}/edit/")
    open_from_the_header(page, "Send an update to signers")
    expect(page.get_by_role("combobox", name="Or: an update to the signers of")).to_have_value(str(petition.pk))
    page.get_by_role("textbox", name="Subject").fill(UPDATE_SUBJECT)
    page.get_by_role("textbox", name="Body").fill(UPDATE_BODY)
    scan(page, "update compose form", scans)
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="The mailing")).to_be_visible()
    page.get_by_role("link", name="Preview as a recipient").click()
    page.get_by_label("Preview as the supporter with e-mail").fill(JANE)
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.locator('[data-preview="subject"]')).to_have_text("We delivered it, Jane")
    scan(page, "update preview", scans)
    page.get_by_role("link", name="Back to sending").click()
    send_now_and_wait(page, len(signers), scans)

    def all_updates():
        updates = [m for m in smtp_server.messages if m["Subject"].startswith("We delivered it")]
        return updates if len(updates) >= len(signers) else None

    updates = arrived(page, all_updates)
    assert sorted(m["To"] for m in updates) == signers
    for message in updates:
        first_name = Signature.objects.get(petition=petition, email=message["To"]).name.split()[0]
        assert message["Subject"] == f"We delivered it, {first_name}"
        assert plain(message).startswith(f"Dear {first_name},")
        assert "We handed your signatures" in plain(message)
        assert message["List-Unsubscribe"].startswith(f"<{site}/updates/stop/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Jane follows the way out in her mail, in her browser.
    janes = next(m for m in updates if m["To"] == JANE)
    stop = next(url for url in re.findall(r"\S+/updates/stop/\S+", plain(janes)))
    assert stop.startswith(site + "/updates/stop/")
    answered(page, stop)
    scan(page, "stop updates page", scans)
    page.get_by_role("button", name="Stop these updates").click()
    expect(page.get_by_role("status")).to_contain_text(f"no more updates about “{petition.title}”")
    scan(page, "updates stopped page", scans)
    assert PetitionUpdateOptOut.objects.filter(supporter__email=JANE, petition=petition).count() == 1

    # Miriam checks her receipt on the public page: her signature is in the signed count.
    count_round()
    answered(page, check_link)  # the link beside the receipt in her thank-you mail
    expect(check(page, receipt)).to_contain_text("Your signature is counted")
    scan(page, "receipt check", scans)

    assert page.clarion_js_errors == []
    assert attempted == []
    found = {where: violations for where, violations in scans.items() if violations}
    assert not found, "\n".join(f"{where}:\n{describe(v)}" for where, v in found.items())
