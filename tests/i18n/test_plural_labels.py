"""The live counter's word after the number takes the plural form of each count in the page's language: the
script picks it with Intl.PluralRules, from one attribute per category the server fills from the catalog."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

LABELS = Template('{% load language_tags %}<span {% plural_labels "signature" "signatures" %}></span>')


def labels(code):
    with translation.override(code):
        return dict(re.findall(r'data-(\w+)="([^"]*)"', LABELS.render(Context())))


def test_arabic_has_a_word_for_two_and_for_a_few_and_for_many():
    arabic = labels("ar")
    assert arabic["two"] == "توقيعان"  # the dual: "2 توقيع" would be wrong
    assert arabic["few"] == "توقيعات" and arabic["many"] == "توقيعًا" and arabic["other"] == "توقيع"
    assert len({arabic["two"], arabic["few"], arabic["many"]}) == 3


def test_english_and_persian_say_one_and_other():
    assert labels("en")["one"] == "signature" and labels("en")["other"] == "signatures"
    persian = labels("fa")
    assert persian["one"] == persian["other"] == "امضا"  # after a number the Persian noun stays singular


@pytest.mark.django_db
def test_the_counter_carries_every_category():
    from django.template.loader import render_to_string

    with translation.override("ar"):
        html = render_to_string("petitions/_counter.html", {
            "petition": None, "signature_count": 2, "count_shown": True, "goal": 100, "progress_percent": 2})
    for category in ("zero", "one", "two", "few", "many", "other"):
        assert f"data-{category}=" in html
    assert "توقيعان" in html  # and the server's own rendering of 2 already says it
