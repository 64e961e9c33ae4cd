"""Staff watch a petition go viral and see at once which addresses and domains sign in bulk."""

from datetime import timedelta

import pytest
from django.urls import reverse

from clarion.petitions.models import SignatureState
from clarion.petitions.reports import trending
from tests.petitions.test_admin_support import add_signatures, backdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def viral(petition):
    add_signatures(petition, 2, ip="192.0.2.1", domain="example.org")
    add_signatures(petition, 4, ip="203.0.113.9", domain="bots.example.com", state=SignatureState.FRAUDULENT)
    add_signatures(petition, 1, ip="203.0.113.9", domain="bots.example.com", state=SignatureState.PENDING)
    add_signatures(petition, 2, ip="203.0.113.9", domain="bots.example.com", state=SignatureState.HELD,
                   fraud_reason="rate-burst")
    # Busier than any other, but two hours ago: outside the default window.
    backdate(add_signatures(petition, 10, ip="198.51.100.7", domain="old.example.net"), timedelta(hours=2))
    return petition


def test_the_busiest_recent_address_comes_first(staff, viral):
    response = staff.get(reverse("petitions_admin:trending", args=[viral.pk]))
    assert response.status_code == 200
    report = response.context["report"]
    assert [row["value"] for row in report["ip_addresses"]] == ["203.0.113.9", "192.0.2.1"]
    assert report["ip_addresses"][0] == {"value": "203.0.113.9", "total": 7, "validated": 0, "pending": 1,
                                         "held": 2, "fraudulent": 4}
    assert [row["value"] for row in report["email_domains"]] == ["bots.example.com", "example.org"]
    assert "198.51.100.7" not in response.content.decode()


def test_a_wider_window_includes_older_signatures(staff, viral):
    response = staff.get(reverse("petitions_admin:trending", args=[viral.pk]), {"minutes": 180})
    assert response.context["report"]["ip_addresses"][0]["value"] == "198.51.100.7"


def test_the_report_lists_at_most_twenty_of_each(viral):
    for n in range(25):
        add_signatures(viral, ip=f"192.0.2.{100 + n}", domain=f"d{n}.example.org")
    report = trending(viral, 60)
    assert len(report["ip_addresses"]) == 20
    assert len(report["email_domains"]) == 20


@pytest.mark.parametrize("minutes", ["2", "1441", "soon"])
def test_a_window_out_of_bounds_is_refused_plainly(staff, viral, minutes):
    response = staff.get(reverse("petitions_admin:trending", args=[viral.pk]), {"minutes": minutes})
    assert response.status_code == 400
    assert "report" not in response.context
    assert 'class="error-message"' in response.content.decode()
