"""Whatever a client sends to the read API, within the published document or not: never a 5xx, and every
answer is what the OpenAPI document served at /api/v1/openapi.json says it is (schemathesis checks).

The document is read from the application gunicorn serves (clarion.wsgi, fronts included). Each generated
request that names a petition is also sent with the id of a real one, open and closed, so the answers for
real petitions are checked too, not only the 404s of random ids."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from clarion.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def in_this_transaction(campaign):
    """Requests run in the test's transaction, as in tests/fixtures/wsgi.py."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield campaign
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_every_answer_matches_the_document(case, in_this_transaction):
    case.call_and_validate()
    if "id" in (case.path_parameters or {}):
        for petition in (in_this_transaction.open, in_this_transaction.closed):
            case.path_parameters = {**case.path_parameters, "id": petition.pk}
            assert case.call_and_validate().status_code in (200, 304, 404, 405, 406)
