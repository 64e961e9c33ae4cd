"""Farah, who organises the demo campaign, opens the admin with her coffee: the petition's count, today's and the
last hour's signatures, the confirmation rate, the held ones, where signers come from, a mailing on its way, and
the chart of the last two days and since launch, on her laptop and on her phone. Nothing leaves the machine."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from clarion.alerts.models import Delivery, DeliveryStatus, Mailing, MailingStatus
from clarion.dashboard.actions import roll_up_figures
from clarion.petitions.counting import count_round
from clarion.petitions.models import PetitionPage, SignatureState
from tests.alerts.conftest import make_supporters
from tests.dashboard.conftest import place
from tests.fixtures.browser import axe_violations
from tests.journeys.conftest import keep_on_loopback, log_in_to_admin
from tests.journeys.test_accessibility import describe

pytestmark = pytest.mark.journey

PASSWORD = "coffee before the camp visit"
PANEL = "#morning-screen-section"


@pytest.fixture
def campaign(live_demo, django_user_model):
    """The demo petition signed over the last three days, its figures rolled up, a mailing half sent, and
    Farah's account: she may read petition figures and send mailings, nothing more."""
    petition = PetitionPage.objects.live().get()
    now = timezone.now()
    place(petition, 30, created=now - timedelta(days=2, hours=3), confirmed=now - timedelta(days=2, hours=2),
          channel="whatsapp")
    place(petition, 12, created=now - timedelta(hours=5), confirmed=now - timedelta(hours=4, minutes=50),
          first_touch={"utm_source": "newsletter"})
    place(petition, 3, created=now - timedelta(minutes=20), confirmed=now - timedelta(minutes=10))
    place(petition, 5, created=now - timedelta(hours=3))
    place(petition, 2, created=now - timedelta(hours=2), confirmed=now - timedelta(hours=2),
          state=SignatureState.HELD, fraud_reason="rate-burst")
    count_round()
    roll_up_figures(now=now)
    people = make_supporters(4, prefix="morning")
    mailing = Mailing.objects.create(subject="Three days left", body="Sign.", status=MailingStatus.SENDING,
                                     started_at=now)
    for person, status in zip(people, [DeliveryStatus.SENT, DeliveryStatus.SENT, DeliveryStatus.PENDING,
                                       DeliveryStatus.PENDING], strict=True):
        Delivery.objects.create(mailing=mailing, supporter=person, status=status)
    organisers = Group.objects.create(name="Organisers")
    organisers.permissions.add(*Permission.objects.filter(codename__in=[
        "access_admin", "view_signature", "change_mailing"]))
    farah = django_user_model.objects.create_user("farah", "farah.haddad@example.org", PASSWORD)
    farah.groups.add(organisers)
    return petition


def test_organiser_reads_the_morning_screen_on_laptop_and_phone(page, phone_page, live_demo, campaign):
    scans = {}
    for width, tab in (("1280px", page), ("375px", phone_page)):
        attempted = keep_on_loopback(tab)
        if tab is page:
            log_in_to_admin(tab, live_demo, "farah", PASSWORD)
        else:
            # The phone's admin hides its menu behind a button; she is still signed in from the laptop's session.
            tab.context.add_cookies(page.context.cookies())
            tab.goto(live_demo + "/admin/")
        panel = tab.locator(PANEL)
        expect(panel.get_by_role("heading", name="Petitions this morning")).to_be_visible()
        figures = panel.locator(f'[data-petition="{campaign.pk}"]')
        expect(figures.locator('[data-figure="today"]')).to_be_visible()
        expect(figures.locator('[data-figure="count"]')).to_have_text("45")
        expect(figures.locator('[data-figure="last-hour"]')).to_have_text("3")
        expect(figures.locator('[data-figure="held"]')).to_have_text("2")
        # The two held signers confirmed their addresses too: review decides counting, not confirming.
        expect(figures.locator('[data-figure="confirmation-rate"]')).to_have_text("90%")
        expect(figures.locator("[data-sources] tbody tr").first).to_contain_text("whatsapp")
        hourly = figures.get_by_role("img", name="Last 48 hours, by hour")
        expect(hourly).to_be_visible()
        assert hourly.bounding_box()["height"] > 50
        assert hourly.bounding_box()["width"] <= tab.viewport_size["width"]
        expect(figures.get_by_role("img", name="Since launch, by day")).to_be_visible()
        table = figures.locator('[data-chart-table="hourly"]')
        expect(table).to_be_hidden()
        figures.locator('[data-chart="hourly"] summary').click()
        expect(table).to_be_visible()
        expect(table.locator("tbody tr")).to_have_count(48)
        mailing = panel.locator("[data-mailing]")
        expect(mailing).to_contain_text("Three days left")
        expect(mailing.locator("progress")).to_have_attribute("value", "50.0")
        fits = tab.evaluate(f"document.querySelector('{PANEL}').scrollWidth <= "
                            f"document.querySelector('{PANEL}').clientWidth")
        assert fits, f"the morning screen is wider than the screen at {width}"
        scans[width] = axe_violations(tab)
        assert attempted == []
        assert tab.clarion_js_errors == []

    found = {width: violations for width, violations in scans.items() if violations}
    assert not found, "\n".join(f"admin home at {width}:\n{describe(v)}" for width, v in found.items())
