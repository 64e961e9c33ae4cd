"""Canonical e-mail addresses: one person, one key, however they spell their address."""

from django.conf import settings


def split_address(address):
    local, _, domain = address.strip().rpartition("@")
    return local, domain.lower().rstrip(".")


def canonical_email(address):
    """Lower-case; provider aliases folded; dots and +tags dropped where the provider ignores them."""
    local, domain = split_address(address)
    local = local.lower()
    domain = settings.CLARION_EMAIL_DOMAIN_ALIASES.get(domain, domain)
    if domain in settings.CLARION_EMAIL_PLUS_TAG_DOMAINS:
        local = local.split("+", 1)[0]
    if domain in settings.CLARION_EMAIL_DOT_INSENSITIVE_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{domain}"
