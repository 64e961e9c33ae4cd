"""Farah schedules the demo alert for tomorrow morning. Before anything is scheduled the page names the time and
how many supporters it reaches today; when she has cleared the organisation's postal address, it also warns
that the mail's footer would carry none and links to Settings › Organisation, where she puts it back."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clarion.alerts.models import Mailing, MailingStatus
from clarion.organisation import identity
from tests.fixtures.browser import axe_violations
from tests.journeys.conftest import keep_on_loopback, log_in_to_admin
from tests.journeys.test_accessibility import describe

pytestmark = pytest.mark.journey

PASSWORD = "the vigil is on friday"
POSTAL = "Tamsin Valley Appeal, 1 Example Street, 10115 Berlin"
WARNING = "gives no postal address"


@pytest.fixture
def site(live_demo, settings, django_user_model):
    settings.CLARION_BASE_URL = live_demo
    settings.CLARION_POSTAL_ADDRESS = ""
    identity.forget()
    django_user_model.objects.create_superuser("farah", "farah.haddad@example.org", PASSWORD)
    return live_demo


def save_postal_address(page, text):
    postal = page.get_by_label("Postal address")
    postal.fill(text)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Organisation updated.")).to_be_visible()
    identity.forget()  # this process serves the pages too; the live server keeps it only a few seconds anyway


def ask_to_schedule(page, site, mailing, when):
    page.goto(site + reverse("alerts_mailings:send", args=[mailing.pk]))
    page.get_by_label("Send at").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Schedule “.*” for "))).to_be_visible()


def test_organiser_schedules_an_alert_after_reading_whom_it_reaches(page, site):
    attempted = keep_on_loopback(page)
    log_in_to_admin(page, site, "farah", PASSWORD)
    mailing = Mailing.objects.get()
    tomorrow = (timezone.localtime() + timedelta(days=1)).replace(hour=9, minute=0)

    page.goto(site + reverse("wagtailsettings:edit", args=["organisation", "organisationsettings"]))
    save_postal_address(page, "")
    ask_to_schedule(page, site, mailing, tomorrow)
    expect(page.get_by_text(re.compile(r"who can be mailed then: 6 supporters today"))).to_be_visible()
    expect(page.get_by_text(WARNING)).to_be_visible()
    assert axe_violations(page) == [], "\n".join(describe(v) for v in axe_violations(page))
    assert Mailing.objects.get().status == MailingStatus.DRAFT  # asking schedules nothing

    page.get_by_role("link", name="Add it in Settings › Organisation").click()
    save_postal_address(page, POSTAL)
    ask_to_schedule(page, site, mailing, tomorrow)
    expect(page.get_by_text(WARNING)).to_have_count(0)
    page.get_by_role("button", name="Yes, schedule it").click()

    expect(page.get_by_text("Scheduled for")).to_be_visible()
    scheduled = Mailing.objects.get()
    assert scheduled.status == MailingStatus.SCHEDULED
    assert timezone.localtime(scheduled.scheduled_at).strftime("%Y-%m-%d %H:%M") == tomorrow.strftime(
        "%Y-%m-%d %H:%M")
    assert attempted == []
