"""Signing and the count document read their petition from a short per-process memory, which forgets a
petition as soon as an editor changes it here."""

import pytest
from django.http import Http404

from clarion.petitions.lookup import public_petition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _long_memory(settings):
    settings.CLARION_PETITION_CACHE_SECONDS = 60


def test_a_petition_is_read_once_then_remembered(petition, django_assert_num_queries):
    first = public_petition(petition.pk)

    with django_assert_num_queries(0):
        assert public_petition(petition.pk) is first


def test_an_unknown_petition_is_a_404_and_remembered_as_such(petition, django_assert_num_queries):
    with pytest.raises(Http404):
        public_petition(petition.pk + 1000)
    with django_assert_num_queries(0), pytest.raises(Http404):
        public_petition(petition.pk + 1000)


def test_an_editor_closing_the_petition_is_seen_at_once(client, petition):
    public_petition(petition.pk)

    petition.closes_at = None
    petition.state = "closed"
    petition.save_revision().publish()

    assert public_petition(petition.pk).state == "closed"


def test_an_unpublished_petition_is_gone_at_once(petition):
    public_petition(petition.pk)

    petition.unpublish()

    with pytest.raises(Http404):
        public_petition(petition.pk)
