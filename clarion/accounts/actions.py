"""Every change to a user's own account here: their second factor (turning it on, new backup codes, turning it off,
checking a code) and their e-mail address; and the hourly forgetting of old sign-in failures.

Most actions here are done by the user to themself, so they are the acting user; `turn_off` and `set_email` take
`acting_user` because an operator may act on someone else."""

import time

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from wagtail.models import ModelLogEntry

APP_DEVICE = "Authenticator app"
BACKUP_DEVICE = "Backup codes"
TURNED_ON = "clarion.two_factor.on"
TURNED_OFF = "clarion.two_factor.off"
NEW_BACKUP_CODES = "clarion.two_factor.backup_codes"
CHANGED_EMAIL = "clarion.account.email"


class Throttled(Exception):
    """Too many wrong codes in a row: no code is checked before `until`."""

    def __init__(self, until):
        super().__init__(until)
        self.until = until


def _log(user, action, *, acting_user):
    # Straight to the model log: request.user is a lazy object inside a lazy object (auth, then django-otp),
    # and wagtail.log_actions.log unwraps only one, then quietly logs nothing.
    ModelLogEntry.objects.log_action(user, action, user=acting_user)


def new_secret():
    """A fresh TOTP key (hex), kept in the session until the user proves their app holds it."""
    return random_hex(20)


def is_app_code(code):
    return len(code) == 6 and code.isdigit()


def turn_on(user, secret, code):
    """Turn on two-factor sign-in with `secret` if `code` is the app's current code for it.

    Returns (device, backup codes), or None when the code does not match. The code's time step is spent:
    the same code cannot sign in again."""
    if not is_app_code(code):
        return None
    totp = TOTP(bytes.fromhex(secret))
    totp.time = time.time()
    if not totp.verify(int(code), tolerance=1):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, key=secret, confirmed=True, last_t=totp.t())
        codes = _replace_backup_codes(user)
        _log(user, TURNED_ON, acting_user=user)
    return device, codes


def new_backup_codes(user):
    """Replace the user's backup codes (the old ones stop working) and return the new ones."""
    with transaction.atomic():
        codes = _replace_backup_codes(user)
        _log(user, NEW_BACKUP_CODES, acting_user=user)
    return codes


def _replace_backup_codes(user):
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.CLARION_2FA_BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def turn_off(user, *, acting_user):
    """Remove the user's app and backup codes; `acting_user` is an operator when they reset someone else."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _log(user, TURNED_OFF, acting_user=acting_user)


def check_code(user, code):
    """The device that accepts `code` (the app's code, or an unused backup code, which is then spent), or None.

    Raises Throttled while earlier wrong codes make the user wait; each wrong code doubles the wait."""
    model = TOTPDevice if is_app_code(code) else StaticDevice
    with transaction.atomic():
        devices = list(model.objects.devices_for_user(user, confirmed=True).select_for_update())
        for device in devices:
            allowed, details = device.verify_is_allowed()
            if not allowed:
                raise Throttled(details["locked_until"])
        for device in devices:
            if device.verify_token(code):
                return device
    return None


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def set_email(user, email, *, acting_user):
    """The address the admin writes to this user (test mailings, notifications)."""
    with transaction.atomic():
        user.email = email
        user.save(update_fields=["email"])
        _log(user, CHANGED_EMAIL, acting_user=acting_user)


def forget_old_sign_in_failures(*, acting_user=None):
    """Delete failure records whose cool-off is over: they name a user and a client address. Run by the hourly
    task (acting_user None); not logged, the records themselves being what is forgotten."""
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=timezone.now() - settings.AXES_COOLOFF_TIME).delete()
    return deleted
