"""Ada runs the campaign's tools. She issues an API key for the partner CRM in Settings › API keys, copies it
from the one page that ever shows it, and the CRM records a signature with it; the signer confirms from the
e-mail a real mail server received and is counted. The curl examples of docs/api.md's keys section run with
the key as written. Once Ada revokes the key, it no longer works."""

import os
import re
import subprocess
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from clarion.api.models import ApiKey
from clarion.petitions.counting import count_round, read_counts
from clarion.petitions.models import PetitionPage, Signature
from tests.journeys.conftest import keep_on_loopback, log_in_to_admin
from tests.petitions.conftest import confirm_link, deliver_outbox

pytestmark = pytest.mark.journey

PASSWORD = "a key for the partners"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
CRM_SIGNER = "noor.haddad@example.org"


def keys_section_commands():
    text = DOCS.read_text()
    section = text.split("## Keys and OSDI", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.S)


@pytest.fixture
def site(live_demo, smtp_server, settings, django_user_model):
    settings.CLARION_BASE_URL = live_demo
    django_user_model.objects.create_superuser("ada", "ada@example.org", PASSWORD)
    return live_demo


def issue_in_the_admin(page, site):
    log_in_to_admin(page, site, "ada", PASSWORD)
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("button", name="Settings").click()
    menu.get_by_role("link", name="API keys", exact=True).click()
    expect(page.get_by_text("No API keys have been issued.")).to_be_visible()
    page.get_by_role("link", name="Issue a key").click()
    page.get_by_label("Name").fill("Partner CRM")
    page.get_by_label("Record signatures").check()
    page.get_by_label("Read personal data (signatures and supporters)").check()
    page.get_by_label("Requests per minute").fill("30")
    page.get_by_role("button", name="Issue the key").click()
    expect(page.get_by_text("it is shown only this once")).to_be_visible()
    return page.get_by_label("API key").input_value()


def test_admin_issues_an_api_key_and_a_crm_records_a_signature_with_it(page, site, smtp_server):
    attempted = keep_on_loopback(page)
    key = issue_in_the_admin(page, site)
    assert re.fullmatch(r"clarion_[0-9a-f]{8}_[\w-]{43}", key)
    assert key not in str(list(ApiKey.objects.values()))  # only its hash is kept
    page.get_by_role("link", name="I have copied it").click()
    row = page.locator(f"tr[data-key='{ApiKey.objects.get().prefix}']")
    expect(row).to_contain_text("Record signatures")
    expect(row).to_contain_text("—")  # not used yet
    assert key not in page.content()

    petition = next(p for p in PetitionPage.objects.live() if p.accepts_signatures())
    recorded = requests.post(f"{site}/api/v1/osdi/v1/petitions/{petition.pk}/signatures/", timeout=30,
                             headers={"Authorization": f"Bearer {key}"},
                             json={"person": {"given_name": "Noor", "family_name": "Haddad",
                                              "email_addresses": [{"address": CRM_SIGNER}],
                                              "postal_addresses": [{"country": "JO", "postal_code": "11181"}]}})
    assert recorded.status_code == 202 and recorded.json()["status"] == "awaiting_confirmation"
    deliver_outbox()
    [mail] = [m for m in smtp_server.to(CRM_SIGNER) if m["Subject"].startswith("Please confirm")]
    page.goto(confirm_link(mail))
    expect(page.get_by_role("heading", name="Thank you: your signature is confirmed")).to_be_visible()
    count_round()
    assert read_counts(petition.pk)["total"] == 1
    assert Signature.objects.get(canonical_email=CRM_SIGNER).channel == "api"

    environment = {**os.environ, "SITE": site, "KEY": key, "PETITION": str(petition.pk)}
    for block in keys_section_commands():
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", block], env=environment, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, (block, done.stdout, done.stderr)
    assert Signature.objects.filter(canonical_email="miriam@example.org", channel="api").exists()

    page.goto(f"{site}/admin/api-keys/")
    expect(row).not_to_contain_text("—")  # its last use is shown
    expect(row.locator("[data-rows-read]")).not_to_have_text("0 rows")  # the docs' reads of signers, logged
    row.get_by_role("button", name="Revoke").click()
    expect(row).to_contain_text("Revoked")
    refused = requests.get(f"{site}/api/v1/osdi/v1/", headers={"OSDI-API-Token": key}, timeout=30)
    assert refused.status_code == 401 and refused.headers["Content-Type"] == "application/problem+json"
    assert page.clarion_js_errors == []
    assert attempted == []
