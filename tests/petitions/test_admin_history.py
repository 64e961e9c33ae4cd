"""Whoever invalidates signatures, undoes it or moderates a comment is named in the petition's history, and the
history names no signer."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from clarion.petitions import actions
from clarion.petitions.models import CommentState, Invalidation
from tests.petitions.test_admin_support import add_signatures

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(staff, django_user_model):
    django_user_model.objects.filter(username="staff").update(first_name="Dana", last_name="Okafor")
    return staff


def history(petition):
    return [(entry.action, entry.user.get_full_name(), entry.message)
            for entry in PageLogEntry.objects.filter(page=petition, action__startswith="clarion.").order_by("pk")]


def test_invalidating_and_undoing_are_in_the_petitions_history_with_who_did_it(dana, petition):
    add_signatures(petition, 2, domain="vogt-family.example")
    dana.post(reverse("petitions_admin:invalidate", args=[petition.pk]),
              {"domain": "vogt-family.example", "reason": "Bot run", "confirm": "1"})
    batch = Invalidation.objects.get()
    dana.post(reverse("petitions_admin:undo_invalidation", args=[petition.pk, batch.pk]))

    assert history(petition) == [
        (actions.INVALIDATED, "Dana Okafor", "Invalidated 2 signatures"),
        (actions.RESTORED, "Dana Okafor", "Undid an invalidation: 2 signatures restored"),
    ]
    page = dana.get(reverse("wagtailadmin_pages:history", args=[petition.pk])).content.decode()
    assert "Invalidated 2 signatures" in page and "Dana Okafor" in page
    assert "vogt-family" not in page  # the criteria named the signers' domain; the history does not


def test_moderating_a_comment_is_in_the_petitions_history_with_who_did_it(dana, petition):
    first, second = add_signatures(petition, 2, comment="For my sister.", comment_state=CommentState.PENDING)
    moderate = reverse("petitions_admin:moderate_comment", args=[first.pk])
    dana.post(moderate, {"decision": "approve"})
    dana.post(reverse("petitions_admin:moderate_comment", args=[second.pk]), {"decision": "reject"})
    dana.post(moderate, {"decision": "maybe"})  # refused: nothing changes, nothing is recorded

    assert history(petition) == [
        (actions.COMMENT_APPROVED, "Dana Okafor", "Approved a comment"),
        (actions.COMMENT_REJECTED, "Dana Okafor", "Rejected a comment"),
    ]
    page = dana.get(reverse("wagtailadmin_pages:history", args=[petition.pk]))
    assert page.status_code == 200 and "Rejected a comment" in page.content.decode()
