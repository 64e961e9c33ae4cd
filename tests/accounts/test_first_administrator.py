"""Day one: the administrator `make run` creates can be given an e-mail address at that first start, or add it
later with nothing else asked; until then, the mailing page says why no test can be sent and where to add it."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from clarion.mail.models import OutboxMessage
from tests.alerts.conftest import act, composed, create_segment, make_supporters


def first_start(monkeypatch, typed=(), tty=False, **env):
    """ensure_demo_admin as `make run` runs it, with `typed` the lines answered at a terminal; returns its output."""
    monkeypatch.delenv("CLARION_ADMIN_EMAIL", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    answers = iter(typed)
    monkeypatch.setattr("sys.stdin", type("Stdin", (io.StringIO,), {"isatty": lambda self: tty})())
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    out, err = io.StringIO(), io.StringIO()
    call_command("ensure_demo_admin", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def administrator():
    return get_user_model().objects.get(username="admin", is_superuser=True)


def test_the_address_comes_from_the_environment(db, monkeypatch):
    shown = first_start(monkeypatch, CLARION_ADMIN_EMAIL="farah@appeal.example.org")

    assert administrator().email == "farah@appeal.example.org"
    assert re.search(r"E-mail: +farah@appeal\.example\.org", shown)


def test_the_address_is_asked_at_a_terminal_until_it_is_one(db, monkeypatch):
    shown = first_start(monkeypatch, typed=["farah at appeal", "farah@appeal.example.org"], tty=True)

    assert administrator().email == "farah@appeal.example.org"
    assert "'farah at appeal' is not an e-mail address" in shown


def test_without_terminal_or_setting_the_output_says_how_to_add_it(db, monkeypatch):
    shown = first_start(monkeypatch, typed=["never read"])

    assert administrator().email == ""
    assert "test mailings need one" in shown and "/admin/account/email/" in shown and "CLARION_ADMIN_EMAIL" in shown
    again = first_start(monkeypatch)
    assert "No administrator has an e-mail address for test mailings: add it at" in again


def test_a_wrong_address_in_the_environment_stops_with_a_clear_message(db, monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="CLARION_ADMIN_EMAIL='farah' is not valid: expected an e-mail"):
        first_start(monkeypatch, CLARION_ADMIN_EMAIL="farah")
    assert not get_user_model().objects.exists()


def test_without_an_address_the_test_control_says_so_and_links_to_where_to_add_it(
        client, django_user_model, django_capture_on_commit_callbacks):
    admin = django_user_model.objects.create_superuser("admin", "", "pw")
    client.force_login(admin)
    make_supporters(2)
    mailing = composed(client, create_segment(client), None)
    send_page = reverse("alerts_mailings:send", args=[mailing.pk])

    page = client.get(send_page).content.decode()
    assert "Your account has no e-mail address, so no test can be sent to you." in page
    add = f'{reverse("account_email")}?next={send_page}'
    assert f'href="{add}"' in page and "Send a test to me" not in page
    refused = act(client, mailing, "test", django_capture_on_commit_callbacks)
    assert refused.status_code == 400 and "Add one under Account › E-mail address." in refused.content.decode()
    assert not OutboxMessage.objects.exists()

    assert client.post(add, {"email": "not an address"}).status_code == 400
    saved = client.post(reverse("account_email"), {"email": "farah@appeal.example.org", "next": send_page})
    assert saved.status_code == 302 and saved["Location"] == send_page
    admin.refresh_from_db()
    assert admin.email == "farah@appeal.example.org" and (admin.first_name, admin.last_name) == ("", "")
    assert ModelLogEntry.objects.filter(action="clarion.account.email", user=admin).exists()
    assert "Send a test to me (farah@appeal.example.org)" in client.get(send_page).content.decode()
    assert act(client, mailing, "test", django_capture_on_commit_callbacks).status_code == 302
    assert OutboxMessage.objects.get().to == "farah@appeal.example.org"
