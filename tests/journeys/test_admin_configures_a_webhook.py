"""Ada connects the organisation's CRM: in Settings › Webhooks she adds an endpoint, gives its signing secret to
the CRM, presses "Send test event", and sees it in the delivery log with the code the CRM answered; the CRM
verifies the signature with the Standard Webhooks library."""

import pytest
from playwright.sync_api import expect

from clarion.webhooks.models import Endpoint
from tests.conftest import run_queued_tasks
from tests.journeys.conftest import keep_on_loopback, log_in_to_admin
from tests.webhooks.conftest import Receiver

pytestmark = pytest.mark.journey

PASSWORD = "connect the crm today"


@pytest.fixture
def crm():
    receiver = Receiver()
    receiver.code = 202
    yield receiver
    receiver.close()


def test_admin_configures_a_webhook(page, live_demo, django_user_model, settings, crm):
    settings.CLARION_WEBHOOKS_ALLOW_PRIVATE = True  # the CRM of this journey listens on loopback
    attempted = keep_on_loopback(page)
    django_user_model.objects.create_superuser("ada", "ada@example.org", PASSWORD)
    log_in_to_admin(page, live_demo, "ada", PASSWORD)

    page.get_by_role("button", name="Settings").click()
    page.get_by_role("link", name="Webhooks").click()
    expect(page.get_by_text("No endpoints yet.")).to_be_visible()
    page.get_by_label("Name").fill("Our CRM")
    page.get_by_label("URL").fill(crm.url("/clarion"))
    page.get_by_label("A signature was confirmed").check()
    page.get_by_label("A supporter unsubscribed").check()
    page.get_by_role("button", name="Add endpoint").click()
    expect(page.get_by_text("Endpoint added.")).to_be_visible()
    secret = page.locator("[data-secret]").inner_text()
    assert secret == Endpoint.objects.get().secret and secret.startswith("whsec_")

    page.get_by_role("button", name="Send test event").click()
    expect(page.get_by_text("Test event queued")).to_be_visible()
    run_queued_tasks()  # the tasks worker
    page.reload()
    log = page.locator("[data-delivery-log]")
    expect(log).to_contain_text("webhook.test")
    expect(log.locator("[data-code]").first).to_have_text("202")
    expect(log).to_contain_text("Delivered")

    (message,) = crm.verified(secret)
    assert message["type"] == "webhook.test" and crm.received[0]["path"] == "/clarion"
    assert attempted == []
