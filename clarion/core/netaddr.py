"""What one client address is, for limits and for logs.

An IPv6 user usually holds a whole /64 and can pick a fresh address in it for every request; counting
addresses one by one would let one person pass every per-address limit. Logs keep only a network prefix.
"""

import ipaddress

from django.conf import settings


def ip_bucket(ip):
    """The unit per-address limits count: an IPv4 address itself, an IPv6 address's /64 (as its first
    address, so it still fits an IP column); None for no or unreadable address."""
    try:
        address = ipaddress.ip_address(ip)
    except (TypeError, ValueError):
        return None
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def truncated_ip(ip):
    """An address cut to its network (IPv4 /24, IPv6 /48) for logs: enough to see a flood, not a person."""
    try:
        address = ipaddress.ip_address(ip)
    except (TypeError, ValueError):
        return "-"
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def _trusted(ip):
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.CLARION_TRUSTED_PROXIES)


def client_ip(request):
    return client_address(request.META)


def client_address(environ):
    """The socket's address, or the nearest untrusted hop of X-Forwarded-For when behind a trusted proxy;
    from a request's META or a WSGI environ."""
    remote = environ.get("REMOTE_ADDR") or None
    if remote is None or not _trusted(remote):
        return remote
    hops = [hop.strip() for hop in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote
        if not _trusted(hop):
            return hop
    return hops[0] if hops else remote
