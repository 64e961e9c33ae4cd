"""The public count: confirmed signatures reach it in a counting round, invalidated ones leave it, drift is
repaired, and the page shows the goal and the milestone reached."""

import logging

import pytest
from django.core.cache import cache

from clarion.petitions import actions, tokens
from clarion.petitions.counting import count_round, recount
from clarion.petitions.models import CountryCount, PetitionCount, PetitionThreshold, Signature
from tests.petitions.conftest import change_settings, make_petition, sign
from tests.petitions.test_admin_support import add_signatures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def every_country_shown(db):
    """These tests follow each country's figure, so every country is published from its first signature."""
    change_settings(country_figures_minimum=1)


def sign_up(client, petition, people, confirm=True):
    """Each (e-mail, country) signs from its own address; returns the signatures."""
    signatures = []
    for n, (email, country) in enumerate(people):
        sign(client, petition, email=email, country=country, ip=f"192.0.2.{n + 1}")
        signature = Signature.objects.get(email=email)
        if confirm:
            actions.confirm_signature(tokens.confirmation_token(signature))
        signatures.append(signature)
    return signatures


def count_document(client, petition):
    return client.get(petition.get_count_url()).json()


def public_count(client, petition):
    cache.clear()  # the counting round forgets the cached count on commit, which a `db` test never reaches
    return count_document(client, petition)


PEOPLE = [("miriam@example.org", "IR"), ("dariush@example.org", "IR"), ("lena@example.org", "DE")]


def test_confirmed_signatures_are_counted_in_the_next_round(client, petition):
    sign_up(client, petition, PEOPLE)
    assert public_count(client, petition)["signature_count"] == 0

    assert count_round() == {petition.pk: 3}

    document = public_count(client, petition)
    assert document["signature_count"] == 3
    assert document["signatures_by_country"] == {"IR": 2, "DE": 1}
    assert count_round() == {}


def test_signatures_waiting_for_confirmation_do_not_count(client, petition):
    sign_up(client, petition, PEOPLE, confirm=False)

    assert count_round() == {}
    assert public_count(client, petition)["signature_count"] == 0


def test_a_counting_round_makes_the_new_count_public_at_once(client, petition, django_capture_on_commit_callbacks):
    sign_up(client, petition, PEOPLE)
    assert count_document(client, petition)["signature_count"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        count_round()

    assert count_document(client, petition)["signature_count"] == 3


def test_invalidated_signatures_are_taken_off_the_count_and_undoing_restores_them(client, petition):
    miriam, dariush, lena = sign_up(client, petition, PEOPLE)
    count_round()

    batch = actions.invalidate_signatures(petition, Signature.objects.filter(pk__in=[dariush.pk, lena.pk]),
                                          criteria={"ip": "192.0.2.0/24"}, reason="One office bulk-signed")
    assert count_round() == {petition.pk: -2}
    assert public_count(client, petition)["signatures_by_country"] == {"IR": 1}

    assert actions.undo_invalidation(batch) == 2
    count_round()
    assert public_count(client, petition)["signatures_by_country"] == {"IR": 2, "DE": 1}


def test_a_signature_confirmed_while_invalidated_counts_once_the_invalidation_is_undone(client, petition):
    [miriam] = sign_up(client, petition, PEOPLE[:1], confirm=False)
    batch = actions.invalidate_signatures(petition, Signature.objects.all(), criteria={}, reason="Mistake")
    # Miriam clicks her link meanwhile and is thanked.
    assert actions.confirm_signature(tokens.confirmation_token(miriam)).outcome == "confirmed"

    actions.undo_invalidation(batch)
    count_round()

    assert public_count(client, petition)["signature_count"] == 1


def test_recount_repairs_a_drifted_total_and_reports_it(client, petition, caplog):
    sign_up(client, petition, PEOPLE)
    count_round()
    PetitionCount.objects.filter(petition=petition).update(count=40)
    CountryCount.objects.filter(petition=petition, country="DE").update(count=7)
    CountryCount.objects.create(petition=petition, country="FR", count=2)

    with caplog.at_level(logging.WARNING, logger="clarion.petitions.counting"):
        drift = recount(petition.pk)

    assert drift == 37
    assert f"Petition {petition.pk} count drifted by +37; repaired to 3" in caplog.text
    assert public_count(client, petition)["signature_count"] == 3
    assert public_count(client, petition)["signatures_by_country"] == {"IR": 2, "DE": 1}
    assert recount(petition.pk) == 0


def test_the_count_document_is_briefly_cacheable_and_complete(client, petition, settings):
    response = client.get(petition.get_count_url())

    document = response.json()
    assert {"signature_count", "goal", "state", "closes_at", "signatures_by_country"} <= document.keys()
    assert (document["signature_count"], document["goal"], document["state"]) == (0, 1000, "open")
    assert document["closes_at"] == petition.closes_at.isoformat()
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert f"max-age={settings.CLARION_COUNT_CACHE_SECONDS}" in cache_control
    assert 0 < settings.CLARION_COUNT_CACHE_SECONDS <= 10


@pytest.mark.parametrize(("goal", "raise_goal", "count", "shown"), [
    (1000, True, 999, 1000), (1000, True, 1000, 1500), (1000, True, 1600, 2300), (1000, False, 1600, 1000),
    (5000, True, 7500, 12000),
])
def test_a_reached_goal_is_raised_when_the_editor_asked_for_it(goal, raise_goal, count, shown):
    petition = make_petition(goal=goal, raise_goal=raise_goal)

    assert petition.effective_goal(count) == shown


def show_count(petition, total):
    PetitionCount.objects.update_or_create(petition=petition, defaults={"count": total})
    cache.clear()


def test_the_page_shows_the_highest_milestone_reached(client, db):
    petition = make_petition(goal=1000)
    petition.thresholds = [PetitionThreshold(count=100, message="100 signatures: letters are printed."),
                           PetitionThreshold(count=1000, message="1,000 signatures: handed to the office."),
                           PetitionThreshold(count=5000, message="5,000 signatures: the assembly debates.")]
    petition.save_revision().publish()

    show_count(petition, 99)
    assert "petition__threshold" not in client.get(petition.url).content.decode()

    show_count(petition, 1200)
    html = client.get(petition.url).content.decode()
    assert "1,000 signatures: handed to the office." in html
    assert "letters are printed" not in html and "the assembly debates" not in html
    assert "<span data-goal>1,500</span>" in html
    assert count_document(client, petition)["goal"] == 1500


def test_the_nightly_task_counts_new_confirmations_then_repairs_every_petition(client, petition):
    from clarion.petitions.models import PetitionPage
    from clarion.petitions.tasks import recount_petitions
    from tests.factories import publish

    other = publish(petition.get_parent(), PetitionPage(
        title="A second petition", slug="second", target_name="Oren Vale", demand="Open the border crossing."))
    sign_up(client, petition, PEOPLE)
    count_round()
    PetitionCount.objects.filter(petition=petition).update(count=40)
    sign_up(client, other, [("late@example.org", "GB")])

    drift = recount_petitions.call()

    assert drift == {str(petition.pk): 37, str(other.pk): 0}
    assert public_count(client, petition)["signature_count"] == 3
    assert public_count(client, other)["signature_count"] == 1


def test_a_single_confirmation_from_a_rare_country_cannot_be_seen_in_the_figures(client, petition):
    change_settings(country_figures_minimum=10)
    add_signatures(petition, 10)
    count_round()
    before = public_count(client, petition)

    add_signatures(petition, 1, domain="ir.example", country="IR")
    count_round()
    after = public_count(client, petition)

    assert before["signatures_by_country"] == after["signatures_by_country"] == {"GB": 10}
    assert after["signature_count"] == 11  # the total moves, as it must; nothing says from where
    add_signatures(petition, 9, domain="ir.example", country="IR")
    count_round()
    assert public_count(client, petition)["signatures_by_country"] == {"GB": 10, "IR": 10}
