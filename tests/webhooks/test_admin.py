"""Ada the administrator manages webhooks in Settings › Webhooks; an editor without the permission can neither
see nor change them, whichever URL she posts to."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import ModelLogEntry

from clarion.webhooks import actions
from clarion.webhooks.models import Delivery, Endpoint
from tests.webhooks.conftest import deliver, endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    """An editor in Wagtail's Editors group: admin access and every permission an editor has, not this one."""
    user = django_user_model.objects.create_user("ed", "ed@example.org", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_an_editor_without_the_permission_is_refused_everywhere(client, editor, receiver):
    crm = endpoint(receiver.url())
    secret = crm.secret
    assert client.get(reverse("webhooks_admin:endpoints")).status_code == 403
    assert client.get(reverse("webhooks_admin:endpoint", args=[crm.pk])).status_code == 403
    assert client.post(reverse("webhooks_admin:endpoints"), {"name": "Mine", "url": "https://evil.example/",
                                                              "events": ["signature.confirmed"]}).status_code == 403
    for operation in ("test", "rotate", "enable", "delete"):
        assert client.post(reverse("webhooks_admin:operate", args=[crm.pk, operation])).status_code == 403
    assert client.post(reverse("webhooks_admin:endpoint", args=[crm.pk]), {
        "name": "CRM", "url": "https://evil.example/", "events": ["signature.confirmed"],
        "may_receive_personal": "on"}).status_code == 403
    crm.refresh_from_db()
    assert (crm.url, crm.secret, crm.may_receive_personal) == (receiver.url(), secret, False)
    assert not Delivery.objects.exists() and Endpoint.objects.count() == 1
    with pytest.raises(PermissionDenied):
        actions.rotate_secret(crm, acting_user=editor)
    with pytest.raises(PermissionDenied):
        actions.add_endpoint(name="x", url=receiver.url(), events=["signature.confirmed"], acting_user=None)


def test_the_permission_alone_opens_the_page(client, editor):
    editor.user_permissions.add(Permission.objects.get(codename="manage_webhooks"))
    assert client.get(reverse("webhooks_admin:endpoints")).status_code == 200


def test_an_admin_adds_tests_rotates_and_deletes_an_endpoint(staff, receiver):
    response = staff.post(reverse("webhooks_admin:endpoints"), {
        "name": "CRM", "url": receiver.url(), "events": ["signature.confirmed", "petition.closed"]})
    crm = Endpoint.objects.get()
    assert response.status_code == 302
    page = staff.get(reverse("webhooks_admin:endpoint", args=[crm.pk])).content.decode()
    assert crm.secret in page and crm.secret.startswith("whsec_")

    staff.post(reverse("webhooks_admin:operate", args=[crm.pk, "test"]))
    deliver()
    assert receiver.verified(crm.secret)[0]["type"] == "webhook.test"
    page = staff.get(reverse("webhooks_admin:endpoint", args=[crm.pk])).content.decode()
    assert "webhook.test" in page and ">204<" in page

    old = crm.secret
    staff.post(reverse("webhooks_admin:operate", args=[crm.pk, "rotate"]))
    crm.refresh_from_db()
    assert crm.secret != old
    staff.post(reverse("webhooks_admin:operate", args=[crm.pk, "delete"]))
    assert not Endpoint.objects.exists()
    logged = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {actions.ADDED, actions.TESTED, actions.ROTATED, actions.DELETED} <= logged


def test_bad_input_gets_the_form_back_not_a_500(staff):
    for data in ({"name": "", "url": "https://example.org/", "events": ["signature.confirmed"]},
                 {"name": "x", "url": "not a url", "events": ["signature.confirmed"]},
                 {"name": "x", "url": "https://example.org/", "events": ["nonsense"]},
                 {"name": "x", "url": "https://example.org/"}):
        assert staff.post(reverse("webhooks_admin:endpoints"), data).status_code == 400
    assert staff.post(reverse("webhooks_admin:operate", args=[1, "explode"])).status_code in (400, 404)
    assert not Endpoint.objects.exists()


def test_a_disabled_endpoint_is_enabled_again_and_its_waiting_deliveries_go(staff, receiver, django_user_model):
    crm = endpoint(receiver.url(), events=["webhook.test"])
    actions.send_test_event(crm, acting_user=django_user_model.objects.get(username="staff"))
    Endpoint.objects.update(enabled=False, disabled_reason="The receiver answered 410 Gone.")
    assert deliver() == 0
    page = staff.get(reverse("webhooks_admin:endpoint", args=[crm.pk])).content.decode()
    assert "410 Gone" in page and "Enable again" in page
    staff.post(reverse("webhooks_admin:operate", args=[crm.pk, "enable"]))
    assert deliver() == 1
