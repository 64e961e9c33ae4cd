"""An administrator issues and revokes API keys in Settings › API keys; an editor without the permission
cannot see, issue or revoke one."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from clarion.api import actions
from clarion.api.models import ApiKey, ApiRead, Scope
from tests.osdi.conftest import AEP, Tool, issue

pytestmark = pytest.mark.django_db

ISSUE_FORM = {"name": "Partner CRM", "scopes": [Scope.RECORD_SIGNATURES], "rate_per_minute": "120"}


def shown_key(response):
    return re.search(r'value="(clarion_[0-9a-f]{8}_[\w-]+)"', response.content.decode()).group(1)


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    user.user_permissions.add(*Permission.objects.filter(codename="access_admin"))
    client.force_login(user)
    return client, user


def test_the_secret_is_shown_once_when_issued_and_never_again(staff, client):
    response = staff.post(reverse("api_keys:issue"), ISSUE_FORM)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = shown_key(response)
    key = ApiKey.objects.get()
    assert (key.name, key.scopes, key.rate_per_minute, key.created_by.username) == (
        "Partner CRM", ["signatures:record"], 120, "staff")
    listing = staff.get(reverse("api_keys:list")).content.decode()
    assert f"clarion_{key.prefix}_" in listing and "Record signatures" in listing and secret not in listing
    assert Tool(client, secret).get(AEP).status_code == 200
    assert "api-keys" in staff.get(reverse("wagtailadmin_home")).content.decode()  # in the Settings menu


def test_the_list_shows_how_much_personal_data_each_key_read(staff):
    issued = issue()
    actions.log_read(issued.key, "signatures", 40, object_id=7)
    actions.log_read(issued.key, "people", 2)
    old = actions.log_read(issued.key, "people", 1000)
    ApiRead.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=31))
    listing = staff.get(reverse("api_keys:list")).content.decode()
    assert re.search(r"data-rows-read>\s*42 rows\s*<", listing), listing


def test_an_invalid_form_issues_nothing(staff):
    response = staff.post(reverse("api_keys:issue"), ISSUE_FORM | {"scopes": ["root"], "rate_per_minute": "0"})
    assert response.status_code == 400 and not ApiKey.objects.exists()


def test_a_key_expiring_in_the_past_is_not_issued_and_one_expiring_later_is(staff):
    past = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    assert staff.post(reverse("api_keys:issue"), ISSUE_FORM | {"expires_at": past}).status_code == 400
    later = (timezone.now() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    assert shown_key(staff.post(reverse("api_keys:issue"), ISSUE_FORM | {"expires_at": later}))
    assert ApiKey.objects.get().expires_at > timezone.now() + timedelta(days=29)


def test_revoking_in_the_admin_stops_the_key(staff, client):
    issued = issue()
    response = staff.post(reverse("api_keys:revoke", args=[issued.key.pk]))
    assert response.status_code == 302
    assert Tool(client, issued.secret).get(AEP).status_code == 401
    assert ModelLogEntry.objects.get(action=actions.REVOKED).user.username == "staff"
    assert "Revoked" in staff.get(reverse("api_keys:list")).content.decode()


def test_an_editor_without_the_permission_cannot_see_issue_or_revoke(editor):
    client, user = editor
    issued = issue()
    assert client.get(reverse("api_keys:list")).status_code == 403
    assert client.get(reverse("api_keys:issue")).status_code == 403
    assert client.post(reverse("api_keys:issue"), ISSUE_FORM).status_code == 403
    assert client.post(reverse("api_keys:revoke", args=[issued.key.pk])).status_code == 403
    assert ApiKey.objects.count() == 1 and ApiKey.objects.get().revoked_at is None
    assert "api-keys" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_permission_can_be_given_to_a_group_member(editor):
    client, user = editor
    user.user_permissions.add(Permission.objects.get(content_type__app_label="api", codename="manage_apikey"))
    assert client.get(reverse("api_keys:list")).status_code == 200
    assert shown_key(client.post(reverse("api_keys:issue"), ISSUE_FORM))


def test_a_visitor_is_sent_to_the_login(client):
    response = client.get(reverse("api_keys:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_reads_of_personal_data_are_listed_in_the_admin(staff):
    issued = issue(name="Partner CRM")
    actions.log_read(issued.key, "signatures", 40, object_id=7)
    listing = staff.get(reverse("api_reads:index"))
    assert listing.status_code == 200 and "Partner CRM" in listing.content.decode()
    assert staff.get(reverse("api_reads:inspect", args=[ApiRead.objects.get().pk])).status_code == 200


def test_an_editor_without_the_permission_cannot_list_the_reads(editor):
    client, user = editor
    actions.log_read(issue().key, "signatures", 40)
    response = client.get(reverse("api_reads:index"))
    assert response.status_code in (302, 403) and b"signatures" not in response.content
    user.user_permissions.add(Permission.objects.get(content_type__app_label="api", codename="view_apiread"))
    assert client.get(reverse("api_reads:index")).status_code == 200
