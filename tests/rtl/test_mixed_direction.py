"""An English name, an e-mail address or a web address inside Persian text keeps its own direction: pages and
mails isolate what people typed, and the form's fields run the way their text does."""

import pytest
from django.utils import translation

from clarion.mail import letters
from clarion.petitions.counting import count_round
from tests.i18n.translate import translate
from tests.petitions.test_admin_support import add_signatures

pytestmark = pytest.mark.django_db


@pytest.fixture
def persian(petition):
    """The petition's Persian translation, read at its /fa/ address."""
    page = translate(petition, "fa")
    assert page.url.startswith("/fa/")
    return page


def test_signers_and_comments_keep_their_own_direction(client, petition, persian):
    add_signatures(petition, 1, name="Miriam Rezaei", country="DE", show_name=True,
                   comment="Because families belong together.", comment_state="approved")
    count_round()
    html = client.get(persian.url).content.decode()
    assert '<html lang="fa" dir="rtl"' in html
    assert "<li><bdi>Miriam</bdi>," in html
    assert '<p dir="auto">Because families belong together.</p>' in html
    assert "<bdi>Oren Vale</bdi>" in html  # the petition's target


def tag_named(html, name):
    """The opening tag of the form control called `name`."""
    at = html.index(f'name="{name}"')
    return html[html.rindex("<", 0, at):html.index(">", at) + 1]


def test_the_form_runs_each_field_the_way_its_text_does(client, persian):
    html = client.get(persian.url).content.decode()
    assert '<html lang="fa" dir="rtl"' in html
    assert 'type="email"' in tag_named(html, "email") and 'dir="ltr"' in tag_named(html, "email")
    assert 'dir="auto"' in tag_named(html, "name")
    assert tag_named(html, "comment").startswith("<textarea") and 'dir="auto"' in tag_named(html, "comment")
    assert "dir=" not in tag_named(html, "country")


def test_a_persian_mail_isolates_names_and_keeps_its_plain_text_clean(petition):
    signature = type("Signature", (), {"first_name": "Miriam", "name": "Miriam Rezaei"})()
    with translation.override("fa"):
        _subject, text, html = letters.render("petitions/already_signed", {"signature": signature,
                                                                          "petition": petition})
    assert 'dir="rtl"' in html
    assert "<bdi>Miriam</bdi>" in html and f"<bdi>{petition.title}</bdi>" in html
    assert "<bdi>" not in text and "Miriam" in text
