"""Miriam's private impact page counts everyone who signed through her, directly and down the chain."""

import pytest

from clarion.petitions.models import Signature, SignatureState
from clarion.spread import tokens
from clarion.spread.impact import people_by_depth, recruits_by_level
from tests.spread.conftest import another_petition, confirmed, signed

pytestmark = pytest.mark.django_db


def recruit(petition, recruiter, email, channel="whatsapp"):
    return confirmed(petition, email, name=email.split("@")[0].title(), referral_code=recruiter.referral_code,
                     channel=channel).supporter


@pytest.fixture
def chain(petition):
    """Miriam → Kaveh and Lena; Kaveh → Dariush → Sara. Omid came via Lena's link but never confirmed."""
    miriam = confirmed(petition, "miriam@example.org").supporter
    kaveh = recruit(petition, miriam, "kaveh@example.org")
    lena = recruit(petition, miriam, "lena@example.org", channel="email")
    dariush = recruit(petition, kaveh, "dariush@example.org")
    recruit(petition, dariush, "sara@example.org")
    signed(petition, "omid@example.org", referral_code=lena.referral_code)
    return miriam


def test_recruits_are_counted_level_by_level_and_only_when_confirmed(chain):
    assert recruits_by_level(chain) == [2, 1, 1]


def test_invalidated_recruits_and_their_chains_drop_out(chain):
    Signature.objects.filter(email="kaveh@example.org").update(state=SignatureState.INVALIDATED)

    assert recruits_by_level(chain) == [1]


def test_someone_recruited_on_two_petitions_counts_once_and_loops_end(petition, chain):
    elsewhere = another_petition()
    kaveh = Signature.objects.get(email="kaveh@example.org").supporter
    recruit(elsewhere, chain, "kaveh@example.org")
    # Miriam signs the second petition through Kaveh's link: a loop back to the start.
    confirmed(elsewhere, "miriam@example.org", referral_code=kaveh.referral_code)

    assert recruits_by_level(chain) == [2, 1, 1]
    assert recruits_by_level(kaveh) == [2, 2]  # Dariush and Miriam, then Sara and Lena; Kaveh never himself


def test_counting_a_chain_takes_one_query_per_level(chain, django_assert_num_queries):
    with django_assert_num_queries(4):  # three levels, and one finding that nobody is further down
        recruits_by_level(chain)


def test_people_by_depth_for_the_report(petition, chain):
    assert people_by_depth(petition) == ([1, 2, 1, 1], 0)


def test_the_impact_page_shows_direct_and_further_recruits_privately(client, chain):
    response = client.get(f"/spread/impact/{tokens.impact_token(chain)}/")

    assert response.status_code == 200
    assert response["Cache-Control"].replace(" ", "") in ("private,no-store", "no-store,private")
    page = response.content.decode()
    assert "4 people have signed through you." in page
    assert 'data-impact="direct">2<' in page and 'data-impact="further">2<' in page


def test_an_altered_impact_link_shows_a_clear_message(client, chain):
    token = tokens.impact_token(chain)

    response = client.get(f"/spread/impact/{token[:-2]}xx/")

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert client.get(f"/spread/impact/{chain.referral_code}/").status_code == 400
