"""A moderator reads why people signed and decides which comments the petition page shows."""

import pytest
from django.urls import reverse

from clarion.petitions.models import CommentState, Signature, SignatureState
from tests.petitions.test_admin_support import add_signatures

pytestmark = pytest.mark.django_db

REASON = "My grandmother was sent back in 1998; never again."
SCRIPT = "<script>alert('x')</script>"


def moderate(client, signature, decision):
    return client.post(reverse("petitions_admin:moderate_comment", args=[signature.pk]), {"decision": decision})


def comment_state(signature):
    return Signature.objects.get(pk=signature.pk).comment_state


def test_the_queue_shows_pending_comments_escaped(staff, petition):
    waiting = add_signatures(petition, comment=SCRIPT, comment_state=CommentState.PENDING)
    add_signatures(petition, comment="Already seen", comment_state=CommentState.APPROVED)
    add_signatures(petition, comment="Bot text", comment_state=CommentState.PENDING, state=SignatureState.FRAUDULENT)

    response = staff.get(reverse("petitions_admin:comments"), {"petition": petition.pk})

    assert [s.pk for s in response.context["page"]] == [waiting[0].pk]
    html = response.content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html
    assert "Already seen" not in html
    assert "Bot text" not in html


def test_an_approved_comment_appears_on_the_petition_page(staff, petition, client):
    signature = add_signatures(petition, comment=REASON, comment_state=CommentState.PENDING)[0]
    assert "grandmother" not in staff.get(petition.url).content.decode()

    response = moderate(staff, signature, "approve")

    assert response.status_code == 302
    assert comment_state(signature) == CommentState.APPROVED
    client.logout()
    assert "My grandmother was sent back in 1998" in client.get(petition.url).content.decode()


def test_a_rejected_comment_stays_off_the_page(staff, petition, client):
    signature = add_signatures(petition, comment=REASON, comment_state=CommentState.PENDING)[0]

    moderate(staff, signature, "reject")

    assert comment_state(signature) == CommentState.REJECTED
    client.logout()
    assert "grandmother" not in client.get(petition.url).content.decode()


def test_moderating_returns_to_the_queue_it_came_from(staff, petition):
    signature = add_signatures(petition, comment=REASON, comment_state=CommentState.PENDING)[0]
    queue = reverse("petitions_admin:comments") + f"?petition={petition.pk}"
    response = staff.post(reverse("petitions_admin:moderate_comment", args=[signature.pk]),
                          {"decision": "approve", "next": queue})
    assert response.url == queue
    response = staff.post(reverse("petitions_admin:moderate_comment", args=[signature.pk]),
                          {"decision": "approve", "next": "https://evil.example/"})
    assert response.url == reverse("petitions_admin:comments")


def test_an_unknown_decision_changes_nothing(staff, petition):
    signature = add_signatures(petition, comment=REASON, comment_state=CommentState.PENDING)[0]
    response = moderate(staff, signature, "publish")
    assert response.status_code == 302
    assert comment_state(signature) == CommentState.PENDING


def test_moderation_needs_a_post(staff, petition):
    signature = add_signatures(petition, comment=REASON, comment_state=CommentState.PENDING)[0]
    response = staff.get(reverse("petitions_admin:moderate_comment", args=[signature.pk]))
    assert response.status_code == 405
    assert comment_state(signature) == CommentState.PENDING
