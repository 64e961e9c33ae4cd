"""A supporter chooses the language of our e-mails on their preferences page."""

import pytest
from django.urls import reverse

from clarion.core.emails import canonical_email
from clarion.supporters import actions
from clarion.supporters.models import Supporter
from clarion.supporters.tokens import preferences_token
from tests.petitions.conftest import deliver_outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def supporter():
    return Supporter.objects.create(email="darya@example.org", canonical_email=canonical_email("darya@example.org"),
                                    name="Darya", subscribed=True, language="en")


def page(supporter):
    return reverse("supporters:preferences", args=[preferences_token(supporter)])


def test_the_page_offers_the_sites_languages_each_in_its_own_name(client, supporter):
    html = client.get(page(supporter)).content.decode()
    assert '<option value="fa">فارسی</option>' in html
    assert '<option value="ar">العربيّة</option>' in html
    assert '<option value="en" selected>English</option>' in html
    assert 'value="fr"' not in html


def test_choosing_persian_changes_the_mails_and_the_page(client, supporter, smtp_server):
    address = page(supporter)
    response = client.post(address, {"language": "fa"})
    assert response.status_code == 302
    supporter.refresh_from_db()
    assert supporter.language == "fa"
    assert '<html lang="fa" dir="rtl"' in client.get(address).content.decode()
    actions.send_fresh_link(supporter)
    deliver_outbox()
    assert 'lang="fa" dir="rtl"' in smtp_server.messages[-1].get_body(("html",)).get_content()


@pytest.mark.parametrize("value", ["fr", "", "x" * 5000, "en\x00"])
def test_a_language_the_site_does_not_speak_is_a_clear_form_error(client, supporter, value):
    response = client.post(page(supporter), {"language": value})
    assert response.status_code == 400
    assert "field__error" in response.content.decode()
    supporter.refresh_from_db()
    assert supporter.language == "en"


def test_a_supporter_whose_language_was_removed_reads_the_default(client, supporter):
    Supporter.objects.filter(pk=supporter.pk).update(language="fr")
    supporter.refresh_from_db()
    html = client.get(page(supporter)).content.decode()
    assert '<html lang="en" dir="ltr"' in html
    assert '<option value="en" selected>English</option>' in html
