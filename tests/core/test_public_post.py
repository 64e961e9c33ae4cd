"""Every public form (signing, signing up, inviting) passes one prologue before a field is read: a post too
large, not a web form, from a stranger's page or not UTF-8 is refused with its own status and the same words."""

import pytest
from django.utils.html import escape

from clarion.core.public_post import TEXTS, problem_text
from clarion.spread.models import Invitation
from clarion.supporters.models import Supporter
from tests.petitions.conftest import confirmed
from tests.spread.conftest import invite_url

pytestmark = pytest.mark.django_db


def doors(petition):  # noqa: F811
    signer = confirmed(petition, "miriam@example.org")
    return {"sign": petition.get_sign_url(), "signup": "/supporters/signup/", "invite": invite_url(signer)}


@pytest.mark.parametrize("door", ["sign", "signup", "invite"])
@pytest.mark.parametrize(("problem", "status", "post"), [
    ("not_form", 415, {"data": b'{"email": "a@example.org"}', "content_type": "application/json"}),
    ("foreign", 403, {"data": {"email": "a@example.org"}, "headers": {"Origin": "https://evil.example"}}),
    ("encoding", 400, {"data": b"name=Zo%EB", "content_type": "application/x-www-form-urlencoded"}),
    ("too_large", 413, {"data": {"email": "a@example.org"}, "CONTENT_LENGTH": str(1024 * 1024 + 1)}),
])
def test_each_door_refuses_what_it_must_not_read_with_the_shared_words(client, petition, door, problem,  # noqa: F811
                                                                        status, post):
    answer = client.post(doors(petition)[door], **post)

    assert answer.status_code == status
    text = problem_text(problem, door)
    page = answer.content.decode()
    assert escape(str(text.heading)) in page and escape(str(text.text)) in page
    assert not Invitation.objects.exists() and not Supporter.objects.exclude(email="miriam@example.org").exists()


def test_a_door_without_its_own_wording_reads_the_general_one():
    assert problem_text("foreign", "invite") == TEXTS[("foreign", "")]
    assert problem_text("foreign", "sign") != problem_text("foreign", "signup")
    assert problem_text("not_open", "sign") is None
