"""Farah turns on two-factor sign-in: from then on her password alone opens nothing, and a stranger who has it
cannot guess the code quickly. With CLARION_REQUIRE_2FA an editor without it can only set it up."""

import html
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry, PageViewRestriction

from clarion.pages.models import StandardPage
from tests.accounts.conftest import PASSWORD, key_of, sign_in, signed_in, totp_code
from tests.factories import make_home, publish

pytestmark = pytest.mark.django_db

SET_UP = "/admin/account/two-factor/set-up/"
CODE = "/admin/account/two-factor/code/"
MANAGE = "/admin/account/two-factor/"


def enrol(client):
    """Open the set-up page, read the key as an app would from the QR code, confirm with the app's code."""
    page = client.get(SET_UP)
    assert page.status_code == 200
    key = key_of(re.search(r'id="two-factor-key">([A-Z2-7 ]+)<', page.content.decode()).group(1))
    answer = client.post(SET_UP, {"code": totp_code(key)})
    assert answer.status_code == 200, answer.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", answer.content.decode())
    return key, codes


@pytest.fixture
def farah_enrolled(client, editor):
    """Farah signed in with her password and turned on two-factor sign-in; then signed out."""
    assert signed_in(sign_in(client, "farah", PASSWORD))
    key, codes = enrol(client)
    client.post("/admin/logout/")
    return key, codes


def give_code(client, code, next_url="/admin/"):
    return client.post(CODE, {"code": code, "next": next_url})


def test_after_turning_it_on_the_password_alone_opens_nothing_and_the_apps_code_does(client, farah_enrolled):
    key, codes = farah_enrolled
    assert len(codes) == 10 and len(set(codes)) == 10

    assert signed_in(sign_in(client, "farah", PASSWORD))
    held = client.get("/admin/pages/")
    assert held.status_code == 302 and held["Location"] == f"{CODE}?next=%2Fadmin%2Fpages%2F"
    assert "Enter your code" in client.get(CODE).content.decode()

    answer = give_code(client, totp_code(key, steps_ahead=1), "/admin/pages/")

    assert answer.status_code == 302 and answer["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_every_admin_page_waits_for_the_code(client, farah_enrolled):
    sign_in(client, "farah", PASSWORD)

    for path in ("/admin/", "/admin/pages/", "/admin/account/", MANAGE, SET_UP, "/admin/supporters/",
                 "/admin/reports/site-history/", "/admin/sign-in-lockouts/", "/admin/no-such-page/"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer["Location"].startswith(CODE), path


def test_halfway_through_signing_in_a_private_page_stays_private(client, farah_enrolled):
    home = make_home()
    private = publish(home, StandardPage(title="Staff notes", slug="staff-notes"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    sign_in(client, "farah", PASSWORD)

    answer = client.get("/en/staff-notes/")

    assert answer.status_code == 302 and "/_util/login/" in answer["Location"]
    give_code(client, totp_code(farah_enrolled[0], steps_ahead=1))
    assert client.get("/en/staff-notes/").status_code == 200


def test_a_wrong_code_is_refused_and_the_next_one_must_wait(client, farah_enrolled):
    key, _ = farah_enrolled
    sign_in(client, "farah", PASSWORD)

    wrong = give_code(client, "000000" if totp_code(key, steps_ahead=1) != "000000" else "111111")
    assert wrong.status_code == 400 and "That code is not right." in wrong.content.decode()
    hurried = give_code(client, totp_code(key, steps_ahead=1))
    assert hurried.status_code == 429
    assert "Too many wrong codes. Wait 1 seconds" in html.unescape(hurried.content.decode())
    assert client.get("/admin/").status_code == 302

    TOTPDevice.objects.update(throttling_failure_timestamp=TOTPDevice.objects.get().throttling_failure_timestamp
                              - timedelta(seconds=1))
    assert give_code(client, totp_code(key, steps_ahead=1)).status_code == 302


def test_each_wrong_code_doubles_the_wait(client, farah_enrolled):
    """A stranger who has her password tries a million codes: after nine wrong ones the next waits 2 ** 8 s."""
    sign_in(client, "farah", PASSWORD)
    for guess in range(8):
        give_code(client, f"{guess:06d}")
        device = TOTPDevice.objects.get()
        TOTPDevice.objects.update(throttling_failure_timestamp=device.throttling_failure_timestamp
                                  - timedelta(seconds=2 ** guess))

    give_code(client, "999999")
    answer = give_code(client, "999998")

    assert answer.status_code == 429 and "Wait 256 seconds" in answer.content.decode()


def test_the_code_that_turned_it_on_cannot_sign_in_again(client, editor):
    sign_in(client, "farah", PASSWORD)
    page = client.get(SET_UP)
    key = key_of(re.search(r'id="two-factor-key">([A-Z2-7 ]+)<', page.content.decode()).group(1))
    code = totp_code(key)
    assert client.post(SET_UP, {"code": code}).status_code == 200
    client.post("/admin/logout/")

    sign_in(client, "farah", PASSWORD)

    assert give_code(client, code).status_code == 400


def test_a_backup_code_signs_in_once(client, farah_enrolled):
    _, codes = farah_enrolled
    sign_in(client, "farah", PASSWORD)
    answer = give_code(client, codes[0].upper()[:4] + "-" + codes[0][4:])
    assert answer.status_code == 302 and answer["Location"] == "/admin/"
    assert "9 left" in client.get("/admin/").content.decode()

    again = Client()
    sign_in(again, "farah", PASSWORD)
    assert give_code(again, codes[0]).status_code == 400


def test_a_code_page_never_sends_her_to_another_site(client, farah_enrolled):
    sign_in(client, "farah", PASSWORD)

    answer = give_code(client, totp_code(farah_enrolled[0], steps_ahead=1), "https://evil.example/admin/")

    assert answer.status_code == 302 and answer["Location"] == "/admin/"


def test_a_set_up_code_that_does_not_match_turns_nothing_on(client, editor):
    sign_in(client, "farah", PASSWORD)
    client.get(SET_UP)

    answer = client.post(SET_UP, {"code": "12345x"})

    assert answer.status_code == 400 and "does not match" in answer.content.decode()
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()


def test_turning_it_off_needs_a_current_code(client, farah_enrolled):
    key, _ = farah_enrolled
    sign_in(client, "farah", PASSWORD)
    give_code(client, totp_code(key, steps_ahead=1))

    refused = client.post(MANAGE, {"action": "turn_off", "code": "000000"})
    assert refused.status_code in {400, 429} and TOTPDevice.objects.exists()
    TOTPDevice.objects.update(throttling_failure_timestamp=None, throttling_failure_count=0, last_t=0)
    assert client.post(MANAGE, {"action": "turn_off", "code": totp_code(key)}).status_code == 302

    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    assert list(ModelLogEntry.objects.filter(action__startswith="clarion.two_factor").values_list(
        "action", flat=True).order_by("pk")) == ["clarion.two_factor.on", "clarion.two_factor.off"]


def test_new_backup_codes_replace_the_old_ones(client, farah_enrolled):
    key, old = farah_enrolled
    sign_in(client, "farah", PASSWORD)
    give_code(client, totp_code(key, steps_ahead=1))
    TOTPDevice.objects.update(last_t=0)

    answer = client.post(MANAGE, {"action": "backup_codes", "code": totp_code(key)})

    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", answer.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_an_operator_resets_a_lost_phone(client, farah_enrolled):
    call_command("reset_two_factor", "farah")

    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    assert signed_in(sign_in(client, "farah", PASSWORD)) and client.get("/admin/pages/").status_code == 200


def test_when_required_an_editor_without_it_can_only_set_it_up(client, editor, settings):
    settings.CLARION_REQUIRE_2FA = True
    assert signed_in(sign_in(client, "farah", PASSWORD))

    for path in ("/admin/", "/admin/pages/", "/admin/account/", MANAGE, "/admin/supporters/", CODE):
        answer = client.get(path)
        assert answer.status_code == 302 and answer["Location"].startswith(SET_UP), path
    assert "Set it up to continue" in client.get(SET_UP).content.decode()

    key, _ = enrol(client)

    assert client.get("/admin/pages/").status_code == 200
    refused = client.post(MANAGE, {"action": "turn_off", "code": totp_code(key, steps_ahead=1)})
    assert refused.status_code == 400 and TOTPDevice.objects.exists()


def test_without_the_requirement_an_editor_without_it_signs_in_with_the_password(client, editor):
    assert signed_in(sign_in(client, "farah", PASSWORD))

    assert client.get("/admin/pages/").status_code == 200
    assert "Two-factor sign-in is off" in client.get(MANAGE).content.decode()
