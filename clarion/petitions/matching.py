"""What "this IP is in that range" and "this domain matches that pattern" mean, for rules and staff alike.

Block/allow rules and the admin's filters and bulk invalidation use the same definitions, so a pattern
that catches a signature at signing time finds it again in the admin.
"""

import fnmatch
import ipaddress


def parse_network(value):
    """An IP address or CIDR range as an ip_network; raises ValueError for anything else."""
    return ipaddress.ip_network(value.strip(), strict=False)


def in_network(ip, network):
    try:
        return ip is not None and ipaddress.ip_address(ip) in network
    except ValueError:
        return False


def domain_matches(domain, pattern):
    """Case-insensitive; * and ? are wildcards ("*.example.org")."""
    return fnmatch.fnmatchcase(domain.lower(), pattern.lower())


def is_pattern(pattern):
    return any(char in pattern for char in "*?[")
