"""What one client address is, for limits and for logs.

An IPv6 user usually holds a whole /64 and can pick a fresh address in it for every request; counting
addresses one by one would let one person pass every per-address limit. Logs keep only a network prefix.
"""

import ipaddress


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
