"""Pete protects the petition from one IPv6 user: a whole /64 is theirs to pick addresses from, so the limits,
the stored signatures and the admin's reports treat the /64 as one address."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from clarion.petitions.models import Signature, SignatureState
from tests.petitions.conftest import form_data, sign

pytestmark = pytest.mark.django_db

ONE_NETWORK = [f"2001:db8:77:1::{n:x}" for n in range(1, 8)]


def test_fresh_addresses_from_one_ipv6_network_are_limited_as_one(client, petition):
    for n, address in enumerate(ONE_NETWORK[:6]):
        sign(client, petition, ip=address, email=f"person{n}@example.org")

    states = list(Signature.objects.order_by("pk").values_list("state", "fraud_reason"))
    assert states == [(SignatureState.PENDING, "")] * 5 + [(SignatureState.PENDING, "rate-burst")]
    # Another /64 is another address.
    sign(client, petition, ip="2001:db8:77:2::1", email="neighbour@example.org")
    assert Signature.objects.get(email="neighbour@example.org").state == SignatureState.PENDING


def test_a_signature_keeps_only_the_ipv6_network_not_the_address(client, petition):
    sign(client, petition, ip="2001:db8:77:1:a1b2:c3d4:e5f6:789")

    assert Signature.objects.get().ip_address == "2001:db8:77:1::"


def test_an_ipv4_address_is_kept_as_it_is(client, petition):
    sign(client, petition, ip="198.51.100.20")

    assert Signature.objects.get().ip_address == "198.51.100.20"


def test_staff_see_one_ipv6_network_as_one_trending_source_and_can_find_it_by_any_of_its_addresses(staff,
                                                                                                     petition):
    for n, address in enumerate(ONE_NETWORK[:4]):
        sign(staff, petition, ip=address, email=f"person{n}@example.org")

    report = staff.get(reverse("petitions_admin:trending", args=[petition.pk])).context["report"]
    assert [(row["value"], row["total"]) for row in report["ip_addresses"]] == [("2001:db8:77:1::/64", 4)]

    listing = staff.get(reverse("petition_signatures:index"), {"ip_address": ONE_NETWORK[6]})
    assert listing.status_code == 200
    assert len(listing.context["object_list"]) == 4


def test_refused_posts_from_one_ipv6_network_share_one_refusal_limit(wsgi, petition, settings):
    settings.CLARION_SIGN_REFUSALS_PER_ADDRESS = 3
    settings.CLARION_TRUSTED_PROXIES = ["127.0.0.1"]
    bad = urlencode(form_data(email="not-an-address")).encode()

    def post(address):
        return wsgi("POST", petition.get_sign_url(), bad, CONTENT_TYPE="application/x-www-form-urlencoded",
                    HTTP_X_FORWARDED_FOR=address)[0]

    assert [post(address) for address in ONE_NETWORK[:3]] == ["400 Bad Request"] * 3
    assert post(ONE_NETWORK[5]) == "429 Too Many Requests"
    assert post("2001:db8:77:2::1") == "400 Bad Request"


def test_addresses_stored_before_the_upgrade_are_cut_to_their_network(petition):
    from importlib import import_module

    from django.apps import apps

    from tests.petitions.test_admin_support import add_signatures

    add_signatures(petition, ip="2001:db8:77:1:a1b2:c3d4:e5f6:789")
    add_signatures(petition, ip="198.51.100.20")
    import_module("clarion.petitions.migrations.0004_signature_ip_buckets").cut_ipv6_to_buckets(apps, None)

    assert sorted(Signature.objects.values_list("ip_address", flat=True)) == ["198.51.100.20", "2001:db8:77:1::"]
