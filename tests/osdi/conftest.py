"""Keys issued through the actions, as the admin does, and requests made with them as a tool would."""

import json

import pytest

from clarion.api import actions
from clarion.api.models import Scope

AEP = "/api/v1/osdi/v1/"
EVERY_SCOPE = list(Scope.values)


def issue(name="Partner CRM", scopes=EVERY_SCOPE, **fields):
    return actions.issue_key(name=name, scopes=scopes, **fields)


def signatures_url(petition):
    return f"{AEP}petitions/{petition.pk}/signatures/"


def osdi_body(email="miriam@example.org", **overrides):
    person = {"given_name": "Miriam", "family_name": "Rezaei", "email_addresses": [{"address": email}],
              "postal_addresses": [{"postal_code": "", "country": "DE"}]}
    return {"person": person, "add_tags": ["partner"], **overrides}


class Tool:
    """A tool holding one key, calling the API through the test client."""

    def __init__(self, client, key, header="bearer", ip="203.0.113.9"):
        self.client, self.key, self.header, self.ip = client, key, header, ip

    def headers(self):
        if self.key is None:
            return {}
        if self.header == "osdi":
            return {"OSDI-API-Token": self.key}
        return {"Authorization": f"Bearer {self.key}"}

    def get(self, path, **kwargs):
        return self.client.get(path, headers=self.headers(), REMOTE_ADDR=self.ip, **kwargs)

    def post(self, path, body, content_type="application/json"):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(path, data, content_type=content_type, headers=self.headers(), REMOTE_ADDR=self.ip)

    def record(self, petition, email="miriam@example.org", **overrides):
        return self.post(signatures_url(petition), osdi_body(email, **overrides))


@pytest.fixture
def tool(client, db):
    """A tool with a key holding every scope, not trusted to vouch."""
    return Tool(client, issue().secret)


@pytest.fixture
def vouching_tool(client, db):
    return Tool(client, issue("Trusted CRM", vouches=True).secret)
