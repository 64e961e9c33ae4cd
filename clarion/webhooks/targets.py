"""Which URLs a webhook may be sent to: never our own network (SSRF). An admin account taken over must not turn
the worker into a way to reach the database, the cloud's metadata service or anything else behind the firewall."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from clarion.config import setting


class UnsafeTarget(ValueError):
    pass


def private_allowed():
    return bool(settings.DEBUG or setting("CLARION_WEBHOOKS_ALLOW_PRIVATE"))


def _public(address):
    address = ipaddress.ip_address(address.split("%")[0])
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_url(url, *, resolve=True):
    """Raise UnsafeTarget unless `url` is http(s) to a host whose every address is public (or private targets
    are allowed). Checked when an endpoint is saved and again before each batch of deliveries."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget(_("Give an http:// or https:// address."))
    if parts.username or parts.password:
        raise UnsafeTarget(_("Put no user name or password in the address; the signature proves who sends."))
    if private_allowed() or not resolve:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeTarget(_("The host name does not resolve (%(error)s).") % {"error": error}) from error
    if not infos or not all(_public(info[4][0]) for info in infos):
        raise UnsafeTarget(_("That address is on a private, loopback or link-local network; webhooks go only to "
                             "public addresses."))
