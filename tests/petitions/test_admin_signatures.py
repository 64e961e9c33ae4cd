"""Staff browse signatures: filter, search and inspect them, but never edit one by hand."""

import pytest
from django.urls import NoReverseMatch, reverse

from clarion.petitions.models import SignatureState
from tests.petitions.conftest import make_petition
from tests.petitions.test_admin_support import add_signatures

pytestmark = pytest.mark.django_db

INDEX = "petition_signatures:index"


@pytest.fixture
def signatures():
    petition = make_petition()
    return {
        "petition": petition,
        "validated": add_signatures(petition, 2, ip="192.0.2.10", domain="example.org"),
        "pending": add_signatures(petition, 1, state=SignatureState.PENDING, ip="192.0.2.99",
                                  domain="mail.example.net"),
        "fraudulent": add_signatures(petition, 3, state=SignatureState.FRAUDULENT, ip="203.0.113.5",
                                     domain="bots.example.com", fraud_reason="rate-burst"),
    }


def listed(response):
    assert response.status_code == 200
    return {s.pk for s in response.context["object_list"]}


def pks(*groups):
    return {s.pk for group in groups for s in group}


def test_staff_see_every_signature_with_its_details(staff, signatures):
    response = staff.get(reverse(INDEX))
    assert listed(response) == pks(*(signatures[k] for k in ("validated", "pending", "fraudulent")))
    html = response.content.decode()
    assert "203.0.113.5" in html
    assert "rate-burst" in html
    assert signatures["petition"].title in html


def test_staff_filter_by_state(staff, signatures):
    response = staff.get(reverse(INDEX), {"state": "fraudulent"})
    assert listed(response) == pks(signatures["fraudulent"])


def test_staff_search_by_ip_address(staff, signatures):
    response = staff.get(reverse(INDEX), {"q": "192.0.2.99"})
    assert listed(response) == pks(signatures["pending"])


def test_staff_search_by_email_domain(staff, signatures):
    response = staff.get(reverse(INDEX), {"q": "bots.example"})
    assert listed(response) == pks(signatures["fraudulent"])


def test_staff_filter_by_ip_range_and_domain_pattern(staff, signatures):
    assert listed(staff.get(reverse(INDEX), {"ip_address": "192.0.2.0/24"})) == pks(
        signatures["validated"], signatures["pending"])
    assert listed(staff.get(reverse(INDEX), {"email_domain": "*.example.net"})) == pks(signatures["pending"])


def test_a_mistyped_ip_range_lists_nothing_and_says_why(staff, signatures):
    response = staff.get(reverse(INDEX), {"ip_address": "192.0.2.0/99"})
    assert listed(response) == set()
    assert "is not an IP address or a range" in response.content.decode()


def test_staff_inspect_a_signature(staff, signatures):
    signature = signatures["fraudulent"][0]
    response = staff.get(reverse("petition_signatures:inspect", args=[signature.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert signature.email in html
    assert "rate-burst" in html


def test_no_page_exists_to_add_edit_or_delete_a_signature(staff, signatures):
    signature = signatures["validated"][0]
    for name, args in (("add", []), ("edit", [signature.pk]), ("delete", [signature.pk])):
        with pytest.raises(NoReverseMatch):
            reverse(f"petition_signatures:{name}", args=args)
    for path in ("new/", f"edit/{signature.pk}/", f"delete/{signature.pk}/"):
        assert staff.get(reverse(INDEX) + path).status_code == 404
    html = staff.get(reverse(INDEX)).content.decode()
    assert "/edit/" not in html
    assert "/delete/" not in html
