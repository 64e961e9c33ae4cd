"""Quiet fraud defences: a signature that trips one is stored as fraudulent and simply never counts.

The visitor sees the same answer and gets the same e-mail either way, so a bot learns nothing.
"""

import ipaddress
from datetime import timedelta

from disposable_email_domains import blocklist as BUILTIN_DISPOSABLE
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from clarion.petitions.models import AccessRule, PetitionSettings, Signature, SignatureState

RULES_CACHE_KEY = "petitions:access-rules"
SETTINGS_CACHE_KEY = "petitions:settings"
CACHE_SECONDS = 30


def _trusted(ip):
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.CLARION_TRUSTED_PROXIES)


def client_ip(request):
    """The socket's address, or the nearest untrusted hop of X-Forwarded-For when behind a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR") or None
    if remote is None or not _trusted(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote
        if not _trusted(hop):
            return hop
    return hops[0] if hops else remote


def petition_settings():
    current = cache.get(SETTINGS_CACHE_KEY)
    if current is None:
        current = PetitionSettings.load()
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


def _over_rate(petition, ip, config, now):
    if ip is None:
        return ""
    windows = [("rate-burst", config.burst_limit, timedelta(minutes=config.burst_minutes)),
               ("rate-sustained", config.sustained_limit, timedelta(hours=config.sustained_hours))]
    # One query counts both windows: this runs on every signature.
    counts = (
        Signature.objects.filter(petition=petition, ip_address=ip, created_at__gte=now - max(w for *_, w in windows))
        .exclude(state=SignatureState.FRAUDULENT)
        .aggregate(**{reason: Count("pk", filter=Q(created_at__gte=now - window)) for reason, _l, window in windows})
    )
    for reason, limit, _window in windows:
        if counts[reason] >= limit:
            return reason
    return ""


def assess(petition, *, ip, email, domain, honeypot, elapsed_ms, now):
    """Return why a new signature is fraudulent, or "" when it looks genuine."""
    config = petition_settings()
    if honeypot:
        return "honeypot"
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
