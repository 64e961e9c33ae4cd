"""What the counter says: a number with a progress bar and the next milestone, never "0 signatures", and no
number at all below the threshold an editor chose; the signing form preselects the page language's country."""

import re

import pytest
from django.core.cache import cache
from django.utils import translation

from clarion.petitions.display import count_document
from clarion.petitions.forms import SignatureForm, default_country
from clarion.petitions.models import PetitionCount
from tests.petitions.conftest import make_petition

pytestmark = pytest.mark.django_db


def counted(petition, count):
    PetitionCount.objects.update_or_create(petition=petition, defaults={"count": count})
    cache.clear()


def counter_html(client, petition):
    html = client.get(petition.url).content.decode()
    return re.search(r'<div class="petition-counter".*?</div>', html, re.S).group(0)


def visible(html, marker):
    """Whether the element carrying `marker` is rendered without the hidden attribute."""
    [tag] = re.findall(rf"<[^>]*{marker}[^>]*>", html)
    return " hidden" not in tag


@pytest.mark.parametrize(("count", "show_from", "shown"), [
    (0, 0, False), (0, 1, False), (1, 1, True), (9, 10, False), (10, 10, True), (1234, 1, True),
])
def test_the_number_is_shown_from_one_and_from_the_editors_threshold(count, show_from, shown):
    petition = make_petition(show_count_from=show_from)
    assert petition.shows_count(count) is shown
    counted(petition, count)
    assert count_document(petition)["count_shown"] is shown


def test_no_signatures_yet_invites_the_first(client):
    petition = make_petition(goal=5000)

    html = counter_html(client, petition)

    assert not visible(html, "data-count-shown") and not visible(html, "data-progress")
    assert re.search(r"data-count-hidden[^>]*>Be the first to sign</p>", html)
    assert "Help us reach <span data-goal>5,000</span>" in html


def test_a_counted_petition_shows_the_number_a_progress_bar_and_the_next_milestone(client):
    petition = make_petition(goal=1000, raise_goal=True)
    counted(petition, 1234)

    html = counter_html(client, petition)

    assert visible(html, "data-count-shown") and not visible(html, "data-count-hidden")
    assert re.search(r"<strong[^>]*data-count>1,234</strong>", html)
    # Past the goal of 1,000 the next milestone is 1,500; the bar measures the way to it.
    assert re.search(r'<progress[^>]*max="1500" value="1234"', html)
    assert "Help us reach <span data-goal>1,500</span>" in html


def test_below_the_editors_threshold_neither_number_nor_bar_shows(client):
    petition = make_petition(show_count_from=100)
    counted(petition, 42)

    html = counter_html(client, petition)

    assert not visible(html, "data-count-shown") and not visible(html, "data-progress")
    assert re.search(r"data-count-hidden[^>]*>Be one of the first to sign</p>", html)


def test_a_closed_petition_with_no_signatures_does_not_say_zero(client):
    petition = make_petition(state="closed")

    main = client.get(petition.url).content.decode()

    assert "This petition is closed." in main
    assert "0 people" not in main and "0 signatures" not in main


@pytest.mark.parametrize(("language", "country"), [
    ("fa", "IR"), ("fa-af", "AF"), ("en-gb", "GB"), ("pt_BR", "BR"),
    ("en", ""), ("ar", ""), ("fr", ""), ("es", ""), ("zh-hans", ""), ("", ""), (None, ""),
])
def test_the_page_language_chooses_the_country(language, country):
    assert default_country(language) == country


def test_a_persian_page_preselects_iran_and_a_sent_form_keeps_what_was_chosen():
    petition = make_petition()
    with translation.override("fa"):
        assert 'value="IR" selected' in str(SignatureForm(petition=petition)["country"])
        sent = SignatureForm({"country": "DE"}, petition=petition)
        assert 'value="DE" selected' in str(sent["country"]) and 'value="IR" selected' not in str(sent["country"])
