"""Pages kept for anonymous visitors must not outlive what made them public: an editor puts a page behind a
password, a moderator approves or rejects a comment, a signer has their data erased. The next visitor sees
the change at once, and a restricted page is never marked for shared caches."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from clarion.petitions import actions
from clarion.petitions.models import CommentState
from clarion.supporters.actions import erase_supporter
from tests.factories import make_home, publish
from tests.petitions.conftest import confirmed, make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CLARION_PAGE_CACHE_SECONDS = 30


def test_a_page_newly_behind_a_password_is_no_longer_served_from_the_cache(visitor):
    from clarion.pages.models import StandardPage

    page = publish(make_home(), StandardPage(title="Witness statements", slug="witnesses", intro="Names below."))
    assert "Names below." in visitor(page.url).text

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD,
                                       password="vigil")
    stranger = visitor(page.url)

    assert "Names below." not in stranger.text
    assert "public" not in stranger.headers.get("Cache-Control", "")


def test_a_page_seen_after_its_password_is_never_for_shared_caches(client):
    from clarion.pages.models import StandardPage

    page = publish(make_home(), StandardPage(title="Witness statements", slug="witnesses", intro="Names below."))
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD,
                                                     password="vigil")
    client.post(reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]),
                {"password": "vigil", "return_url": page.url})

    insider = client.get(page.url)

    assert "Names below." in insider.content.decode()
    assert "private" in insider["Cache-Control"] and "public" not in insider["Cache-Control"]


def test_a_moderated_comment_shows_to_the_next_visitor(visitor):
    petition = make_petition()
    signature = confirmed(petition, "miriam@example.org", comment="My cousin is in the camp.")
    assert "My cousin is in the camp." not in visitor(petition.url).text  # kept without it

    actions.moderate_comment(signature, approve=True)
    assert "My cousin is in the camp." in visitor(petition.url).text

    actions.moderate_comment(signature, approve=False)
    signature.refresh_from_db()
    assert signature.comment_state == CommentState.REJECTED
    assert "My cousin is in the camp." not in visitor(petition.url).text


def test_an_erased_signers_name_leaves_the_kept_page_at_once(visitor):
    petition = make_petition()
    signature = confirmed(petition, "miriam@example.org", name="Miriam Rezaei", show_name=True)
    assert "Miriam" in visitor(petition.url).text

    erase_supporter(signature.supporter, how="self-service")

    assert "Miriam" not in visitor(petition.url).text
