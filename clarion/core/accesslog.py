"""gunicorn's access log without working links or whole client addresses (`--logger-class`, gunicorn.conf.py).

A confirmation, preferences or invitation link in a log line is a working credential for whoever reads the
log, and a full client address ties a signer to the moment they signed. Each line keeps the token paths
masked (clarion.core.redact) and client addresses cut to their network (IPv4 /24, IPv6 /48).
"""

import re

from gunicorn.glogging import Logger

from clarion.core.netaddr import truncated_ip
from clarion.core.redact import scrub

# Atoms holding a client address (the peer, and the addresses proxies report).
ADDRESS_ATOMS = {"h", "{x-forwarded-for}i", "{x-real-ip}i", "{remote_addr}e", "{http_x_forwarded_for}e",
                 "{http_x_real_ip}e"}
# Atoms that are credentials whatever they hold.
SECRET_ATOMS = {"{cookie}i", "{authorization}i", "{set-cookie}o", "{http_cookie}e", "{http_authorization}e",
                "{osdi-api-token}i", "{http_osdi_api_token}e"}  # API keys (clarion.api.auth)


def _addresses(value):
    return ", ".join(truncated_ip(part.strip()) for part in str(value).split(","))


class AccessLog(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in self._used(self.cfg.access_log_format):
            if key in ADDRESS_ATOMS:
                atoms[key] = _addresses(atoms[key])
            elif key in SECRET_ATOMS:
                atoms[key] = "-"
            elif key in atoms:
                atoms[key] = scrub(atoms[key])
        return atoms

    @staticmethod
    def _used(log_format, _seen={}):  # noqa: B006 (a cache of the one format gunicorn was given)
        if log_format not in _seen:
            _seen[log_format] = set(re.findall(r"%\((.+?)\)s", log_format))
        return _seen[log_format]
