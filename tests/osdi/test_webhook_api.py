"""A partner CRM subscribes itself to webhooks with its key (the webhooks:manage scope): it adds its endpoint,
is given the signing secret once, and verifies the test event with it. Pete, holding a key he should not have,
cannot read the secret back, escalate to signers' personal data, aim a webhook into our network, or break
anything with a hostile body."""

import json

import pytest
from wagtail.models import ModelLogEntry

from clarion.api import actions as api_actions
from clarion.api.models import Scope
from clarion.webhooks import actions
from clarion.webhooks.models import Endpoint
from tests.api.docs_blocks import blocks, run
from tests.osdi.conftest import issue
from tests.webhooks.conftest import deliver, endpoint, receiver  # noqa: F401 (the receiver fixture)

pytestmark = pytest.mark.django_db

HOOKS = "/api/v1/webhooks/"
MANAGE = [Scope.MANAGE_WEBHOOKS]
PERSONAL = [Scope.MANAGE_WEBHOOKS, Scope.READ_PERSONAL_DATA]


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.CLARION_WEBHOOKS_ALLOW_PRIVATE = True  # the receiver is on loopback; the SSRF test turns it off
    settings.CLARION_WEBHOOKS_TIMEOUT = 1


def call(client, method, path, key=None, body=None, content_type="application/json"):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    data = body if isinstance(body, str | bytes) or body is None else json.dumps(body)
    return getattr(client, method)(path, data=data, content_type=content_type, headers=headers)


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    return response.json()


def new_hook(url="https://crm.example.org/hooks/clarion", **fields):
    return {"name": "Partner CRM", "url": url, "events": ["signature.confirmed", "webhook.test"]} | fields


def logged(action):
    return ModelLogEntry.objects.filter(action=action)


def test_a_crm_subscribes_itself_and_verifies_the_test_event_with_the_secret_it_was_given(client, receiver):  # noqa: F811
    key = issue("Partner CRM", scopes=MANAGE)
    created = call(client, "post", HOOKS, key.secret, new_hook(receiver.url()))
    assert created.status_code == 201, created.content
    assert "no-store" in created["Cache-Control"]
    answer = created.json()
    secret = answer["secret"]
    assert secret.startswith("whsec_") and answer["may_receive_personal"] is False and answer["enabled"]
    assert created["Location"] == f"{HOOKS}{answer['id']}/"

    sent = call(client, "post", f"{HOOKS}{answer['id']}/test/", key.secret)
    assert sent.status_code == 202, sent.content
    deliver()
    (event,) = receiver.verified(secret)  # a wrong secret or signature raises here
    assert event["type"] == "webhook.test"

    # No user did it: the audit log names the key (never the key itself), for both writes.
    for action in (actions.ADDED, actions.TESTED):
        entry = logged(action).get()
        assert entry.user_id is None
        assert entry.data["api_key"] == {"id": key.key.pk, "name": "Partner CRM", "prefix": key.key.prefix}
        assert key.secret not in json.dumps(entry.data) and secret not in json.dumps(entry.data)


def test_the_secret_is_never_given_again(client):
    key = issue(scopes=MANAGE).secret
    answer = call(client, "post", HOOKS, key, new_hook()).json()
    secret = Endpoint.objects.get().secret
    assert answer["secret"] == secret
    for path in (HOOKS, f"{HOOKS}{answer['id']}/"):
        response = call(client, "get", path, key)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        assert secret not in response.content.decode() and b"secret" not in response.content
    listed = call(client, "get", HOOKS, key).json()["endpoints"]
    assert listed == [{k: v for k, v in answer.items() if k != "secret"}]
    edited = call(client, "patch", f"{HOOKS}{answer['id']}/", key, {"name": "Renamed"})
    assert edited.status_code == 200 and secret not in edited.content.decode()


ROUTES = [("get", HOOKS), ("post", HOOKS), ("get", f"{HOOKS}{{pk}}/"), ("patch", f"{HOOKS}{{pk}}/"),
          ("delete", f"{HOOKS}{{pk}}/"), ("post", f"{HOOKS}{{pk}}/test/")]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_no_key_a_revoked_key_or_a_key_without_the_scope_changes_nothing(client, method, path):
    hook = endpoint("https://crm.example.org/hook", name="Admin's CRM")
    path = path.format(pk=hook.pk)
    revoked = issue(scopes=MANAGE)
    api_actions.revoke_key(revoked.key)
    body = new_hook() if method != "get" else None
    assert_problem(call(client, method, path, None, body), 401)
    assert_problem(call(client, method, path, revoked.secret, body), 401)
    assert_problem(call(client, method, path, "clarion_nosuchkey_" + "x" * 43, body), 401)
    refused = assert_problem(call(client, method, path, issue(scopes=[Scope.READ_PERSONAL_DATA]).secret, body), 403)
    assert "webhooks:manage" in refused["detail"]
    assert list(Endpoint.objects.values_list("name", flat=True)) == ["Admin's CRM"]
    assert not ModelLogEntry.objects.filter(action__startswith="clarion.webhooks").exists()



def test_a_webhooks_only_key_cannot_have_personal_data_sent_anywhere(client):
    """Else Pete, holding a key for webhooks alone, reads signers' addresses at a URL of his own."""
    key = issue(scopes=MANAGE).secret
    refused = assert_problem(call(client, "post", HOOKS, key, new_hook(may_receive_personal=True)), 403)
    assert "personal_data:read" in refused["detail"]
    assert not Endpoint.objects.exists()

    # Nor by turning it on later, or by pointing an admin's trusted endpoint at himself.
    mine = call(client, "post", HOOKS, key, new_hook()).json()
    assert_problem(call(client, "patch", f"{HOOKS}{mine['id']}/", key, {"may_receive_personal": True}), 403)
    trusted = endpoint("https://crm.example.org/ours", name="Our CRM", may_receive_personal=True)
    assert_problem(call(client, "patch", f"{HOOKS}{trusted.pk}/", key, {"url": "https://pete.example/"}), 403)
    assert_problem(call(client, "patch", f"{HOOKS}{trusted.pk}/", key, {"events": ["supporter.subscribed"]}), 403)
    trusted.refresh_from_db()
    assert trusted.url == "https://crm.example.org/ours" and trusted.events != ["supporter.subscribed"]
    assert not Endpoint.objects.get(pk=mine["id"]).may_receive_personal
    assert not logged(actions.EDITED).exists()

    # A key that may read personal data anyway may have it sent.
    both = issue("Own CRM", scopes=PERSONAL).secret
    allowed = call(client, "post", HOOKS, both, new_hook(may_receive_personal=True))
    assert allowed.status_code == 201 and allowed.json()["may_receive_personal"] is True


@pytest.mark.parametrize("url", ["http://127.0.0.1:5432/", "http://localhost/hook", "http://169.254.169.254/latest/",
                                 "http://[::1]/", "http://10.0.0.5/", "http://user:pw@example.org/", "ftp://example.org/"])
def test_a_webhook_cannot_be_aimed_into_our_own_network(client, settings, url):
    settings.CLARION_WEBHOOKS_ALLOW_PRIVATE, settings.DEBUG = False, False
    key = issue(scopes=MANAGE).secret
    refused = assert_problem(call(client, "post", HOOKS, key, new_hook(url)), 400)
    assert [error["field"] for error in refused["errors"]] == ["url"]
    hook = endpoint("https://crm.example.org/hook")
    assert_problem(call(client, "patch", f"{HOOKS}{hook.pk}/", key, {"url": url}), 400)
    assert list(Endpoint.objects.values_list("url", flat=True)) == ["https://crm.example.org/hook"]
    assert not ModelLogEntry.objects.filter(action__startswith="clarion.webhooks").exists()


HOSTILE = [
    ("not json", "{\"name\": ", "application/json", 400),
    ("a list", json.dumps([new_hook()]), "application/json", 400),
    ("a string", json.dumps("hello"), "application/json", 400),
    ("unknown field", json.dumps(new_hook(secret="whsec_mine")), "application/json", 400),
    ("misspelt field", json.dumps(new_hook(may_recieve_personal=True)), "application/json", 400),
    ("unknown event", json.dumps(new_hook(events=["signature.confirmed", "everything"])), "application/json", 400),
    ("no events", json.dumps(new_hook(events=[])), "application/json", 400),
    ("events not a list", json.dumps(new_hook(events="webhook.test")), "application/json", 400),
    ("nested events", json.dumps(new_hook(events=[["webhook.test"]])), "application/json", 400),
    ("url not a string", json.dumps(new_hook(url={"$ne": None})), "application/json", 400),
    ("url not a url", json.dumps(new_hook(url="javascript:alert(1)")), "application/json", 400),
    ("url too long", json.dumps(new_hook(url="https://crm.example.org/" + "a" * 500)), "application/json", 400),
    ("name too long", json.dumps(new_hook(name="n" * 81)), "application/json", 400),
    ("name with a null byte", json.dumps(new_hook(name="CRM\x00")), "application/json", 400),
    ("name empty", json.dumps(new_hook(name="  ")), "application/json", 400),
    ("deeply nested", "[" * 100_000 + "]" * 100_000, "application/json", 413),
    ("nested just under the limit", '{"name": ' + "[" * 5000 + "]" * 5000 + "}", "application/json", 400),
    ("form body", "name=x&url=https://crm.example.org/&events=webhook.test", "application/x-www-form-urlencoded",
     415),
    ("text body", json.dumps(new_hook()), "text/plain", 415),
    ("oversized", json.dumps(new_hook(name="n" * 20_000)), "application/json", 413),
]


@pytest.mark.parametrize(("body", "content_type", "status"), [case[1:] for case in HOSTILE],
                         ids=[case[0] for case in HOSTILE])
def test_a_hostile_body_is_a_problem_and_writes_nothing(client, body, content_type, status):
    key = issue(scopes=MANAGE).secret
    hook = endpoint("https://crm.example.org/hook", events=["webhook.test"])
    assert_problem(call(client, "post", HOOKS, key, body, content_type), status)
    assert_problem(call(client, "patch", f"{HOOKS}{hook.pk}/", key, body, content_type), status)
    assert list(Endpoint.objects.values_list("name", "url", "events")) == [
        ("CRM", "https://crm.example.org/hook", ["webhook.test"])]
    assert not ModelLogEntry.objects.filter(action__startswith="clarion.webhooks").exists()


def test_a_crm_renames_and_resubscribes_its_endpoint(client):
    key = issue(scopes=MANAGE)
    created = call(client, "post", HOOKS, key.secret, new_hook()).json()
    path = f"{HOOKS}{created['id']}/"
    edited = call(client, "patch", path, key.secret, {"name": "CRM (live)", "events": ["petition.closed"] * 2})
    assert edited.status_code == 200, edited.content
    expected = {k: v for k, v in created.items() if k != "secret"}
    assert edited.json() == expected | {"name": "CRM (live)", "events": ["petition.closed"]}
    row = Endpoint.objects.get()
    assert (row.name, row.url, row.events) == ("CRM (live)", created["url"], ["petition.closed"])
    assert row.secret == created["secret"]  # editing never changes the secret the CRM holds
    assert logged(actions.EDITED).get().data["api_key"]["id"] == key.key.pk
    assert_problem(call(client, "put", path, key.secret, new_hook()), 405)


def test_a_crm_unsubscribes_and_the_deletion_is_in_the_audit_log(client):
    key = issue("Partner CRM", scopes=MANAGE)
    created = call(client, "post", HOOKS, key.secret, new_hook()).json()
    path = f"{HOOKS}{created['id']}/"
    deleted = call(client, "delete", path, key.secret)
    assert deleted.status_code == 204 and "no-store" in deleted["Cache-Control"]
    assert not Endpoint.objects.exists()
    entry = logged(actions.DELETED).get()
    assert entry.object_id == str(created["id"]) and entry.user_id is None
    assert entry.data["api_key"]["prefix"] == key.key.prefix
    assert_problem(call(client, "get", path, key.secret), 404)
    assert_problem(call(client, "delete", path, key.secret), 404)
    assert_problem(call(client, "post", f"{path}test/", key.secret), 404)


def test_the_documented_curl_examples_work(live_server, django_db_serialized_rollback, _migrations_data, tmp_path):
    """docs/api.md's examples are marked not run (they need a key); here they run with one, against a server."""
    managing = [block for block in blocks("Webhooks") if "/api/v1/webhooks/" in block.code]
    assert len(managing) == 2 and all(block.skip == "needs a key" for block in managing)
    variables = {"SITE": live_server.url, "KEY": issue(scopes=MANAGE).secret}
    created = json.loads(run(managing[0], variables, tmp_path))
    assert created["secret"].startswith("whsec_")
    shown = run(managing[1], variables | {"ID": str(created["id"])}, tmp_path)
    assert '"events":["petition.closed"]' in shown and '"status":"queued"' in shown and "whsec_" not in shown
    assert not Endpoint.objects.exists() and logged(actions.TESTED).exists() and logged(actions.DELETED).exists()
