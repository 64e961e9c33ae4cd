"""Staff open the petition admin: every petition at a glance, and nobody else gets in."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from clarion.petitions.counting import count_round
from clarion.petitions.models import PetitionPage, SignatureState
from tests.petitions.conftest import make_petition
from tests.petitions.test_admin_support import add_signatures

pytestmark = pytest.mark.django_db


def test_staff_see_the_demo_petition_with_its_count(staff, demo, django_capture_on_commit_callbacks):
    petition = PetitionPage.objects.get()
    add_signatures(petition, 7)
    add_signatures(petition, 2, state=SignatureState.PENDING)
    add_signatures(petition, 3, state=SignatureState.FRAUDULENT, fraud_reason="rate-burst")
    with django_capture_on_commit_callbacks(execute=True):
        count_round()

    response = staff.get(reverse("petitions_admin:overview"))

    assert response.status_code == 200
    row = response.context["rows"][0]
    assert (row.petition, row.count, row.pending, row.fraudulent) == (petition, 7, 2, 3)
    html = response.content.decode()
    assert petition.title in html
    assert 'data-count="7"' in html
    assert reverse("wagtailadmin_pages:edit", args=[petition.pk]) in html
    for name in ("export", "trending", "invalidate"):
        assert reverse(f"petitions_admin:{name}", args=[petition.pk]) in html
    assert f"{reverse('petition_signatures:index')}?petition={petition.pk}" in html


def test_the_admin_menu_has_one_petitions_item(staff):
    response = staff.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert html.count('"name": "petitions"') == 1
    for url in (reverse("petitions_admin:overview"), reverse("petition_signatures:index"),
                reverse("petitions_admin:comments")):
        assert url in html


def test_every_petition_admin_page_renders(staff):
    petition = make_petition()
    signature = add_signatures(petition, comment="Because it is right.", comment_state="pending")[0]
    pages = [
        reverse("petitions_admin:overview"),
        reverse("petitions_admin:trending", args=[petition.pk]),
        reverse("petitions_admin:invalidate", args=[petition.pk]),
        reverse("petitions_admin:invalidations", args=[petition.pk]),
        reverse("petitions_admin:comments"),
        reverse("petitions_admin:comments") + f"?petition={petition.pk}",
        reverse("petition_signatures:index"),
        reverse("petition_signatures:inspect", args=[signature.pk]),
    ]
    for url in pages:
        assert staff.get(url).status_code == 200, url


def test_a_visitor_is_sent_to_the_login_page(client):
    petition = make_petition()
    for url in (reverse("petitions_admin:overview"), reverse("petitions_admin:export", args=[petition.pk]),
                reverse("petition_signatures:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))


def test_a_supporter_without_admin_access_is_turned_away(client, django_user_model):
    petition = make_petition()
    client.force_login(django_user_model.objects.create_user("supporter", "s@example.org", "pw"))
    response = client.get(reverse("petitions_admin:export", args=[petition.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


@pytest.fixture
def editor(client, django_user_model):
    """An editor with admin access but no right to signatures."""
    user = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return client, user


def test_an_editor_without_the_signature_permission_is_forbidden(editor):
    client, _user = editor
    petition = make_petition()
    add_signatures(petition, 3)
    for url in (reverse("petitions_admin:overview"), reverse("petitions_admin:export", args=[petition.pk]),
                reverse("petitions_admin:trending", args=[petition.pk]),
                reverse("petitions_admin:invalidate", args=[petition.pk])):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"signer" not in response.content.lower()


def test_viewing_signatures_does_not_allow_changing_them(editor):
    client, user = editor
    group = Group.objects.create(name="Petition readers")
    group.permissions.add(Permission.objects.get(codename="view_signature"))
    user.groups.add(group)
    petition = make_petition()

    assert client.get(reverse("petitions_admin:export", args=[petition.pk])).status_code == 200
    assert client.get(reverse("petitions_admin:invalidate", args=[petition.pk])).status_code == 403
    assert client.get(reverse("petitions_admin:comments")).status_code == 403
