"""Visitors see paper signatures beside the verified count, never added to it; signers choose, apart from every
other choice, whether their name goes to the target, and only their confirmed choice counts."""

import pytest

from clarion.delivery import actions
from clarion.delivery.figures import names_for_target
from clarion.petitions.models import Signature
from tests.petitions.conftest import confirmed, signed

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_paper_signatures_apart(client, petition):
    confirmed(petition, "miriam@example.org")
    actions.add_paper_signatures(petition, count=2100, note="Rally")
    content = client.get(petition.url).content.decode()
    assert "+ 2,100 signatures on paper (counted separately)" in content
    assert "2,101" not in content and "2101" not in content


def test_the_name_box_is_offered_only_when_the_petition_asks_and_is_unticked(client, petition):
    assert 'name="name_to_target"' not in client.get(petition.url).content.decode()
    petition.ask_name_to_target, petition.name_to_target_text = True, "Give my name to Oren Vale."
    petition.save_revision().publish()
    content = client.get(petition.url).content.decode()
    assert 'name="name_to_target"' in content and "Give my name to Oren Vale." in content
    assert 'name="name_to_target" checked' not in content


def test_the_wording_is_stored_and_only_a_confirmed_choice_names_anyone(petition):
    petition.ask_name_to_target, petition.name_to_target_text = True, "Give my name to Oren Vale."
    petition.save()
    # A stranger ticks the box in Miriam's name; she confirms her own entry, which did not.
    signed(petition, "miriam@example.org", name_to_target=True)
    mine = confirmed(petition, "miriam@example.org")
    assert mine.name_to_target is False and list(names_for_target(petition)) == []
    other = confirmed(petition, "jonas@example.org", name="Jonas Berg", name_to_target=True)
    assert other.name_to_target_text == "Give my name to Oren Vale."
    assert list(names_for_target(petition)) == [other]


def test_a_petition_that_does_not_ask_stores_no_choice(petition):
    signature = confirmed(petition, "miriam@example.org", name_to_target=True)
    assert (signature.name_to_target, signature.name_to_target_text) == (False, "")
    assert not Signature.objects.filter(name_to_target=True).exists()
