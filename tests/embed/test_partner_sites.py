"""Editors list a petition's partner sites on its page in the admin; an origin is exactly a web origin."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clarion.petitions.models import PetitionPartner
from clarion.petitions.models.partners import normalise_origin

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("given", "stored"), [
    ("https://partner.example", "https://partner.example"),
    ("HTTPS://Partner.Example", "https://partner.example"),
    ("https://partner.example:443", "https://partner.example"),
    ("http://127.0.0.1:9001", "http://127.0.0.1:9001"),
    ("  https://partner.example:8443 ", "https://partner.example:8443"),
])
def test_an_origin_is_kept_as_a_browser_sends_it(petition, given, stored):
    partner = PetitionPartner(petition=petition, name="Partner Aid", origin=given)
    partner.full_clean()

    assert partner.origin == stored


@pytest.mark.parametrize("given", [
    "partner.example", "https://partner.example/", "https://partner.example/petition", "ftp://partner.example",
    "https://partner.example?x=1", "https://user@partner.example", "https://partner.example:99999",
    "https://partner.example#top", "null", "https://", "javascript:alert(1)", "https://partner.example:",
])
def test_anything_but_an_origin_is_refused_with_a_reason(petition, given):
    with pytest.raises(ValidationError) as refused:
        PetitionPartner(petition=petition, name="Partner Aid", origin=given).full_clean()

    assert "without a path" in str(refused.value.message_dict["origin"])
    assert normalise_origin(given) is None


def test_the_petition_editor_has_the_partner_sites_panel(staff, petition):
    page = staff.get(reverse("wagtailadmin_pages:edit", args=[petition.pk])).content.decode()

    assert 'id="id_partners-TOTAL_FORMS"' in page
    assert "Partner sites (embedded petition)" in page


def test_republishing_the_petition_keeps_its_partners_and_their_signers(petition, partner):
    from clarion.petitions.models import PetitionPage, Signature
    from tests.petitions.conftest import confirmed

    signature = confirmed(petition, "miriam@example.org", partner=partner)
    page = PetitionPage.objects.get(pk=petition.pk)
    page.demand = "Cancel the return order now."
    page.save_revision().publish()

    assert list(PetitionPartner.objects.values_list("pk", flat=True)) == [partner.pk]
    assert Signature.objects.get(pk=signature.pk).partner_id == partner.pk
