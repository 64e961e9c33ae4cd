"""Reports and the API count a petition once, whatever number of languages it is published in, and the admin
overview breaks its confirmed signatures down by the language they were made in."""

import re

import pytest
from django.urls import reverse

from clarion.petitions import counting
from clarion.petitions.reports import petition_overview
from tests.i18n.test_count_translations import translate
from tests.petitions.conftest import confirmed, make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    return make_petition()


@pytest.fixture
def persian(petition):
    return translate(petition, title="بگذارید بمانند")


def test_the_overview_lists_the_petition_once_with_its_languages(staff, petition, persian):
    confirmed(petition, "a@example.org")
    confirmed(persian, "b@example.org")
    confirmed(persian, "c@example.org")
    counting.count_round()
    rows = petition_overview()
    assert [row.petition.pk for row in rows] == [petition.pk]
    assert rows[0].count == 3
    assert rows[0].languages == [("فارسی", 2), ("English", 1)]
    html = staff.get(reverse("petitions_admin:overview")).content.decode()
    assert re.findall(r'data-language-count="(\d+)"', html) == ["2", "1"]


def test_the_api_lists_each_petition_once_with_its_translations(client, petition, persian):
    confirmed(persian, "b@example.org")
    counting.count_round()
    listed = client.get("/api/v1/petitions/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["id"] for row in rows] == [petition.pk]
    assert rows[0]["count"] == 1
    assert [(t["language"], t["id"]) for t in rows[0]["translations"]] == [("en", petition.pk), ("fa", persian.pk)]
    detail = client.get(f"/api/v1/petitions/{persian.pk}/").json()
    assert detail["count"] == 1 and detail["language"] == "fa" and detail["title"] == "بگذارید بمانند"
    assert client.get(f"/api/v1/petitions/{persian.pk}/count/").json()["petition"] == petition.pk


def test_the_api_finds_a_petition_by_the_words_of_its_translation(client, petition, persian):
    rows = client.get("/api/v1/petitions/", {"q": "بمانند"}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [row["id"] for row in rows] == [petition.pk]
