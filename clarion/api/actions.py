"""The one door for writing API keys and their read log: issuing, revoking, noting use, logging reads."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from wagtail.models import ModelLogEntry

from clarion.api import keys
from clarion.api.models import ApiKey, ApiRead, Scope

ISSUED = "clarion.api.issue_key"
REVOKED = "clarion.api.revoke_key"
# A busy key would otherwise write its row on every request; a minute is precise enough to see a key is in use.
LAST_USE_EVERY = timedelta(minutes=1)


@dataclass
class Issued:
    key: ApiKey
    secret: str  # the whole key: shown once to whoever issued it, then gone


def _log(key, action, *, acting_user, **data):
    # Straight to the model log: request.user is a lazy object, which wagtail.log_actions.log does not unwrap.
    ModelLogEntry.objects.log_action(key, action, user=acting_user, data=data)


def issue_key(*, name, scopes, vouches=False, rate_per_minute=60, expires_at=None, acting_user=None):
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise ValueError(f"unknown scopes: {sorted(unknown)}")
    prefix, secret = keys.new_key()
    key = ApiKey.objects.create(
        name=name, prefix=prefix, secret_hash=keys.secret_hash(keys.parse(secret)[1]),
        scopes=[scope for scope in Scope.values if scope in scopes], vouches=vouches,
        rate_per_minute=rate_per_minute, expires_at=expires_at, created_by=acting_user)
    _log(key, ISSUED, acting_user=acting_user, scopes=key.scopes, vouches=vouches)
    return Issued(key, secret)


def revoke_key(key, *, acting_user=None):
    """Refuse the key from now on; revoking again changes nothing."""
    if ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        _log(key, REVOKED, acting_user=acting_user)
    key.refresh_from_db(fields=["revoked_at"])
    return key


def note_use(key, now=None, *, acting_user=None):
    """Record when the key was last used, at most once a minute."""
    now = now or timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USE_EVERY)
    if ApiKey.objects.filter(stale, pk=key.pk).update(last_used_at=now):
        key.last_used_at = now


def log_read(key, what, rows, *, object_id="", acting_user=None):
    """Every answer carrying personal data writes one row, before it is sent."""
    return ApiRead.objects.create(key=key, what=what, rows=rows, object_id=str(object_id))
