"""Pete tunes the petition settings in the admin: the mail limit per address and its window, the country
threshold of the public figures, and how long IP addresses are kept (never shorter than the rate limits need);
rate limits that contradict each other come back with the reason beside the field, and nothing is saved."""

from html import unescape

import pytest
from django.urls import reverse

from clarion.petitions.models import PetitionSettings

pytestmark = pytest.mark.django_db


def open_settings(client):
    """The settings form, as the admin menu opens it; returns (page, the address it posts to)."""
    page = client.get(reverse("wagtailsettings:edit", args=["petitions", "petitionsettings"]), follow=True)
    assert page.status_code == 200
    return page, page.redirect_chain[-1][0] if page.redirect_chain else page.request["PATH_INFO"]


def form(page, **changes):
    fields = {name: value for name, value in page.context["form"].initial.items() if value is not None}
    return {name: ("on" if value is True else value) for name, value in (fields | changes).items()
            if value is not False}


def test_an_administrator_sets_the_mail_limit_and_the_country_threshold(staff):
    page, url = open_settings(staff)
    html = unescape(page.content.decode()).lower()
    for label in ("e-mails about one petition to one address", "window for those e-mails (hours)",
                  "publish a country's figure from this many signatures",
                  "drop a signature's IP address this many days after signing"):
        assert label.lower() in html

    answer = staff.post(url, form(page, address_mail_limit=5, address_mail_hours=2,
                                         country_figures_minimum=25))

    assert answer.status_code == 302
    saved = PetitionSettings.objects.get()
    assert (saved.address_mail_limit, saved.address_mail_hours, saved.country_figures_minimum) == (5, 2, 25)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"address_mail_limit": 0}, "address_mail_limit", "Ensure this value is greater than or equal to 1."),
    ({"ip_retention_days": 0}, "ip_retention_days",
     "Keep IP addresses at least as long as the long rate-limit window."),
    ({"count_shared_addresses": True, "shared_address_limit": 5}, "shared_address_limit",
     "Give a limit above the short-window limit (5)."),
    ({"burst_minutes": 0}, "burst_minutes", "Give a window of at least 1."),
    ({"sustained_hours": 0}, "sustained_hours", "Give a window of at least 1."),
    ({"burst_minutes": 121, "sustained_hours": 2}, "burst_minutes",
     "Keep the short window within the long window (2 hours)."),
    ({"burst_limit": 51}, "burst_limit", "Give at most the long-window limit (50)."),
])
def test_settings_that_would_break_a_promise_are_refused(staff, changes, field, message):
    page, url = open_settings(staff)

    answer = staff.post(url, form(page, **changes))

    assert answer.status_code == 200
    assert message in " ".join(answer.context["form"].errors[field])
    assert message in unescape(answer.content.decode())
    saved = PetitionSettings.objects.get()
    assert (saved.address_mail_limit, saved.ip_retention_days) == (3, 30)
    assert (saved.burst_limit, saved.burst_minutes, saved.sustained_limit, saved.sustained_hours) == (5, 5, 50, 24)


def test_rate_limits_that_agree_are_saved(staff):
    page, url = open_settings(staff)

    answer = staff.post(url, form(page, burst_limit=50, burst_minutes=120, sustained_limit=50, sustained_hours=2,
                                  ip_retention_days=1))

    assert answer.status_code == 302
    saved = PetitionSettings.objects.get()
    assert (saved.burst_limit, saved.burst_minutes, saved.sustained_limit, saved.sustained_hours) == (50, 120, 50, 2)
