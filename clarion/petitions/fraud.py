"""Quiet fraud defences. Two kinds of signal:

- hard (HARD_REASONS): a field no person can see was filled in, or an administrator's block rule matched.
  The signature is stored as fraudulent and never counts.
- soft (the others: many signatures from one address, a very quick fill, a post without our form's timing
  field, a disposable domain): people behind a university's or a mobile carrier's address trip them too. The
  entry is stored as usual; once its owner confirms it, it is held for review until an editor releases it
  (it counts) or rejects it (it never does). See clarion.petitions.review.

The visitor sees the same answer and gets the same e-mail either way, so a bot learns nothing.
"""

from datetime import timedelta

from disposable_email_domains import blocklist as BUILTIN_DISPOSABLE
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from clarion.core.netaddr import ip_bucket
from clarion.petitions.models import AccessRule, PetitionSettings, Signature, SignatureState

RULES_CACHE_KEY = "petitions:access-rules"
SETTINGS_CACHE_KEY = "petitions:settings"
CACHE_SECONDS = 30
# The fill time of a post without the field our form always carries: it was not sent from our form. (A person
# without JavaScript sends the field empty: nothing measured, and the other defences still apply.)
NOT_OUR_FORM = -1
HARD_REASONS = frozenset({"honeypot", "blocked"})
RATE_REASONS = frozenset({"rate-burst", "rate-sustained"})


def petition_settings():
    current = cache.get(SETTINGS_CACHE_KEY)
    if current is None:
        # Read, never created here: Wagtail's load() would save a row on first use, and saving settings makes
        # every kept page stale (the first count.json ever served would empty the page cache).
        current = PetitionSettings.objects.first() or PetitionSettings()
        cache.set(SETTINGS_CACHE_KEY, current, CACHE_SECONDS)
    return current


def access_rules():
    rules = cache.get(RULES_CACHE_KEY)
    if rules is None:
        rules = list(AccessRule.objects.all())
        cache.set(RULES_CACHE_KEY, rules, CACHE_SECONDS)
    return rules


@receiver([post_save, post_delete], sender=AccessRule)
@receiver([post_save], sender=PetitionSettings)
def _forget_cached_rules(**kwargs):
    cache.delete_many([RULES_CACHE_KEY, SETTINGS_CACHE_KEY])


def is_disposable(domain, config):
    custom = {line.strip().lower() for line in config.disposable_domains.splitlines() if line.strip()}
    return domain in custom or (config.use_builtin_disposable_list and domain in BUILTIN_DISPOSABLE)


# Both windows in one indexed query, written out: it runs on every signature, and composing it with the ORM
# cost more than running it. Flagged entries (fraud_reason set) are not among those that used up the limit.
_RATE_SQL = (
    "SELECT COALESCE(SUM(CASE WHEN created_at >= %s THEN 1 ELSE 0 END), 0), COUNT(*) FROM {table} "
    "WHERE petition_id = %s AND ip_address = %s AND created_at >= %s AND fraud_reason = ''"
)


def _over_rate(petition, ip, config, now):
    # One IPv6 user holds a whole /64 and may take a fresh address from it for every post: the /64 is one
    # address here, as signatures store it.
    ip = ip_bucket(ip)
    if ip is None:
        return ""
    burst_since = now - timedelta(minutes=config.burst_minutes)
    sustained_since = now - timedelta(hours=config.sustained_hours)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(_RATE_SQL.format(table=Signature._meta.db_table), [
            adapt(max(burst_since, sustained_since)), petition.pk, ip, adapt(min(burst_since, sustained_since))])
        in_shorter, in_longer = cursor.fetchone()
    burst, sustained = (in_shorter, in_longer) if burst_since >= sustained_since else (in_longer, in_shorter)
    if burst >= config.burst_limit:
        return "rate-burst"
    if sustained >= config.sustained_limit:
        return "rate-sustained"
    return ""


def assess(petition, *, ip, email, domain, honeypot, elapsed_ms, now):
    """Return why a new signature is suspect, or "" when it looks genuine (see HARD_REASONS for which hold).

    `elapsed_ms` is the fill time measured in the browser, None when nothing was measured, or NOT_OUR_FORM.
    """
    config = petition_settings()
    if honeypot:
        return "honeypot"
    if elapsed_ms == NOT_OUR_FORM:
        return "not-our-form"
    if elapsed_ms is not None and elapsed_ms < config.min_fill_seconds * 1000:
        return "too-fast"
    matched = [rule for rule in access_rules() if rule.matches(ip, email, domain)]
    if any(rule.action == AccessRule.Action.ALLOW for rule in matched):
        return ""
    if matched:
        return "blocked"
    if is_disposable(domain, config):
        return "disposable"
    return _over_rate(petition, ip, config, now)


def counts_when_confirmed(signature, config, now):
    """Whether a confirmation outweighs the per-address limits: a mailbox of its own, confirmed, is strong
    evidence of a person, so with `count_shared_addresses` on, distinct confirmed addresses from one IP count
    without review up to `shared_address_limit` in the long window."""
    if not (config.count_shared_addresses and signature.fraud_reason in RATE_REASONS and signature.ip_address):
        return False
    counted = Signature.objects.filter(
        petition_id=signature.petition_id, ip_address=signature.ip_address, state=SignatureState.VALIDATED,
        created_at__gte=now - timedelta(hours=config.sustained_hours)).exclude(pk=signature.pk)
    if counted.filter(canonical_email=signature.canonical_email).exists():
        return False  # the same mailbox again (the household rule): no new evidence of another person
    return counted.values("canonical_email").distinct().count() < config.shared_address_limit
