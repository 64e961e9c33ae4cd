"""Fixed-window counters in the cache (Redis when scaled out): cheap limits on who may ask for mail."""

from django.core.cache import cache

from clarion.core.emails import canonical_email
from clarion.core.keyed import keyed_hash
from clarion.core.netaddr import ip_bucket
from clarion.supporters import conf

HOUR, DAY = 3600, 86400


def within_limit(key, limit, seconds):
    """Count one more use of `key`; False once more than `limit` uses fell in the current window."""
    cache.add(key, 0, seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, seconds)
        used = 1
    return used <= limit


def may_send_confirmation(ip, email):
    """Per-IP (an IPv6 /64 counting as one) and per-address limits on confirmation mails: over either, no mail
    goes out, and the caller answers the same. Keys are keyed hashes: the cache holds no address or IP."""
    bucket = ip_bucket(ip)
    if bucket and not within_limit(f"supporters:signup:ip:{keyed_hash(bucket, 'supporters.limit.ip')}",
                                   conf.signup_ip_limit(), HOUR):
        return False
    address = keyed_hash(canonical_email(email), "supporters.limit.address")
    return within_limit(f"supporters:signup:to:{address}", conf.signup_address_limit(), DAY)
