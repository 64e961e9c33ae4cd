"""Someone reads the logs (an operator, a log service, a thief with a backup): no API key is in them, whether
it worked, was refused, ran over its limit or came with a bad body; and the access log masks both headers."""

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from clarion.api import actions, keys
from clarion.core.accesslog import AccessLog
from tests.osdi.conftest import AEP, Tool, issue, signatures_url

pytestmark = pytest.mark.django_db


def test_no_key_reaches_the_application_log(client, petition, caplog):
    caplog.set_level(logging.DEBUG)
    limited, revoked = issue(rate_per_minute=1), issue()
    actions.revoke_key(revoked.key)
    unknown = limited.secret[:-6] + "zzzzzz"  # shaped like a key, found by no row
    for header in ("bearer", "osdi"):
        tool = Tool(client, limited.secret, header=header)
        tool.get(AEP)
        assert tool.get(AEP).status_code == 429
        assert Tool(client, revoked.secret, header=header).get(AEP).status_code == 401
        assert Tool(client, unknown, header=header).get(AEP).status_code == 401
        assert tool.post(signatures_url(petition), "{broken").status_code in (400, 429)
    logged = caplog.text + "".join(str(record.__dict__) for record in caplog.records)
    assert "Unauthorized: /api/v1/osdi/v1/" in logged  # the log was listening
    for secret in (limited.secret, revoked.secret, unknown):
        # The secret part on its own too (it may itself hold "_", so it is parsed, not split).
        assert secret not in logged and keys.parse(secret)[1] not in logged


def test_the_access_log_masks_both_key_headers():
    config = Config()
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s auth=%({authorization}i)s osdi=%({osdi-api-token}i)s '
                                    'env=%({http_osdi_api_token}e)s')
    log = AccessLog(config)
    key = "clarion_0123abcd_" + "S" * 43
    environ = {"REMOTE_ADDR": "198.51.100.20", "REQUEST_METHOD": "GET", "RAW_URI": AEP, "SERVER_PROTOCOL": "HTTP/1.1",
               "HTTP_OSDI_API_TOKEN": key, "HTTP_AUTHORIZATION": f"Bearer {key}"}
    request = SimpleNamespace(headers=[("AUTHORIZATION", f"Bearer {key}"), ("OSDI-API-TOKEN", key)])
    response = SimpleNamespace(status="200 OK", headers=[], sent=10)
    atoms = log.atoms(response, request, environ, timedelta(milliseconds=3))
    line = log.cfg.access_log_format % atoms
    assert key not in line
    assert "auth=- osdi=- env=-" in line
