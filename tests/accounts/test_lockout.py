"""Pete protects the admin: a stranger guessing Farah's password is stopped after a few tries, from that address
only, with a page that says why; the pause ends by itself or when an administrator unlocks it."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from clarion.accounts.tasks import forget_old_sign_in_failures
from tests.accounts.conftest import PASSWORD, sign_in, signed_in

pytestmark = pytest.mark.django_db

STRANGER = "203.0.113.66"
OFFICE = "198.51.100.7"


def guess(client, username, times, ip=STRANGER, **headers):
    return [sign_in(client, username, f"guess {n}", ip=ip, **headers) for n in range(times)]


def main_text(answer):
    return re.search(r"<main.*</main>", answer.content.decode(), re.S).group(0)


def age_failures(by):
    """Time passes for the recorded failures (they are kept with the time of the last one)."""
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - by)


def test_guessing_a_password_pauses_signing_in_and_even_the_right_password_is_refused(client, editor):
    answers = guess(client, "farah", settings.AXES_FAILURE_LIMIT)

    # Wrong guesses get the login form again; the one that reaches the limit gets the pause.
    assert [a.status_code for a in answers[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert answers[-1].status_code == 429
    right = sign_in(client, "farah", PASSWORD, ip=STRANGER)
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    page = right.content.decode()
    assert "Signing in is paused" in page
    assert "Too many failed attempts to sign in to this account from your network." in page
    assert f"Try again in {int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)} minutes" in page


def test_the_pause_ends_after_the_cool_off(client, editor):
    guess(client, "farah", settings.AXES_FAILURE_LIMIT)
    age_failures(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    assert sign_in(client, "farah", PASSWORD, ip=STRANGER).status_code == 429

    age_failures(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))

    assert signed_in(sign_in(client, "farah", PASSWORD, ip=STRANGER))


def test_a_stranger_guessing_her_name_does_not_lock_farah_out_at_her_office(client, editor):
    guess(client, "farah", settings.AXES_FAILURE_LIMIT + 3)

    assert signed_in(sign_in(Client(), "farah", PASSWORD, ip=OFFICE))


def test_other_accounts_at_the_strangers_address_are_not_paused(client, editor, django_user_model):
    django_user_model.objects.create_user("pete", "pete@example.org", "pete's own password")
    guess(client, "farah", settings.AXES_FAILURE_LIMIT)

    assert signed_in(sign_in(Client(), "pete", "pete's own password", ip=STRANGER))


def test_new_ipv6_addresses_in_the_same_64_count_as_one_client(client, editor):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "farah", "guess", ip=f"2001:db8:5:7::{n + 1:x}")

    assert sign_in(client, "farah", PASSWORD, ip="2001:db8:5:7:ffff::1").status_code == 429
    # Another /64 is another client.
    assert signed_in(sign_in(Client(), "farah", PASSWORD, ip="2001:db8:5:8::1"))


def test_behind_a_trusted_proxy_each_client_is_counted_not_the_proxy(client, editor, settings):
    settings.CLARION_TRUSTED_PROXIES = ["10.0.0.1"]
    guess(client, "farah", settings.AXES_FAILURE_LIMIT, ip="10.0.0.1", HTTP_X_FORWARDED_FOR=STRANGER)

    assert sign_in(client, "farah", PASSWORD, ip="10.0.0.1", HTTP_X_FORWARDED_FOR=STRANGER).status_code == 429
    assert signed_in(sign_in(Client(), "farah", PASSWORD, ip="10.0.0.1", HTTP_X_FORWARDED_FOR=OFFICE))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}


def test_a_forged_forwarded_for_from_an_untrusted_client_changes_nothing(client, editor):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "farah", "guess", ip=STRANGER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    assert sign_in(client, "farah", PASSWORD, ip=STRANGER).status_code == 429


def test_the_pause_does_not_tell_whether_an_account_exists(client, editor):
    existing = guess(client, "farah", settings.AXES_FAILURE_LIMIT)[-1]
    missing = guess(client, "nobody-by-that-name", settings.AXES_FAILURE_LIMIT)[-1]

    assert existing.status_code == missing.status_code == 429
    assert main_text(existing) == main_text(missing)


def test_signing_in_rightly_starts_the_count_again(client, editor):
    guess(client, "farah", settings.AXES_FAILURE_LIMIT - 1)
    assert signed_in(sign_in(client, "farah", PASSWORD, ip=STRANGER))
    client.logout()

    answers = guess(client, "farah", settings.AXES_FAILURE_LIMIT - 1)

    assert {a.status_code for a in answers} == {200}


def test_an_administrator_sees_the_lockout_and_unlocks_it(client, editor, django_user_model):
    guess(Client(), "farah", settings.AXES_FAILURE_LIMIT)
    client.force_login(django_user_model.objects.create_superuser("pete", "pete@example.org", "pw"))

    listing = client.get("/admin/sign-in-lockouts/").content.decode()
    assert "farah" in listing and STRANGER in listing
    attempt = AccessAttempt.objects.get()
    assert client.post(f"/admin/sign-in-lockouts/unlock/{attempt.pk}/").status_code == 302

    assert signed_in(sign_in(Client(), "farah", PASSWORD, ip=STRANGER))


def test_an_editor_cannot_see_or_lift_lockouts(client, editor):
    guess(Client(), "farah", settings.AXES_FAILURE_LIMIT)
    client.force_login(editor)
    attempt = AccessAttempt.objects.get()

    assert client.get("/admin/sign-in-lockouts/").status_code in {302, 403}
    assert client.post(f"/admin/sign-in-lockouts/unlock/{attempt.pk}/").status_code in {302, 403}
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_no_password_is_stored_with_a_failure(client, editor):
    sign_in(client, "farah", "my-secret-guess")

    attempt = AccessAttempt.objects.get()
    assert "my-secret-guess" not in attempt.post_data


def test_failures_past_their_cool_off_are_deleted_even_if_nobody_signs_in_again(client, editor):
    guess(client, "farah", 2)
    guess(client, "farah", 2, ip=OFFICE)
    AccessAttempt.objects.filter(ip_address=STRANGER).update(
        attempt_time=AccessAttempt.objects.get(ip_address=STRANGER).attempt_time - settings.AXES_COOLOFF_TIME
        - timedelta(seconds=1))

    forget_old_sign_in_failures.call()

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [OFFICE]


@pytest.mark.parametrize("pk", ["0", "18446744073709551615", "18446744073709551616", "9223372036854775808"])
def test_unlocking_a_record_that_cannot_exist_is_not_found(client, django_user_model, pk):
    client.force_login(django_user_model.objects.create_superuser("pete", "pete@example.org", "pw"))

    assert client.get(f"/admin/sign-in-lockouts/unlock/{pk}/").status_code == 404
    assert client.post(f"/admin/sign-in-lockouts/unlock/{pk}/").status_code == 404
