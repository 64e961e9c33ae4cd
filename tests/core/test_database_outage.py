"""While the database cannot be reached, a supporter who signs gets a 503 page saying nothing was saved and when
to try again, never a 500; the operator is told once a minute, not with a traceback per request.

The fault suite restarts a real PostgreSQL under a live site (tests/faults/test_postgres_restart.py)."""

import logging

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from clarion.core import memo
from tests.petitions.conftest import make_petition, sign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _outage_forgotten_by_the_next_test():
    # Before too: an earlier test in this process that met an OperationalError (any test, under xdist) left the
    # notice "already said this minute", and the one-line notice these tests look for was then not written.
    memo.clear_all()
    yield
    memo.clear_all()


@pytest.mark.parametrize("error", [OperationalError("connection refused"), InterfaceError("connection is closed")])
def test_a_supporter_gets_a_503_saying_nothing_was_saved(monkeypatch, caplog, error):
    petition = make_petition()

    def database_gone(*args, **kwargs):
        raise error

    monkeypatch.setattr("clarion.petitions.views.actions.sign_petition", database_gone)
    supporter = Client(raise_request_exception=False)
    answers = [sign(supporter, petition, email=f"supporter{n}@example.org") for n in range(3)]

    assert [answer.status_code for answer in answers] == [503] * 3
    assert answers[0]["Retry-After"] == "60"
    page = answers[0].content.decode()
    assert "Nothing you sent was saved" in page and "Traceback" not in page
    notices = [r for r in caplog.records if "The database cannot be reached" in r.getMessage()]
    assert len(notices) == 1 and str(error) in notices[0].getMessage()
    assert not [r for r in caplog.records if r.name == "django.request" and r.exc_info]


def test_any_other_error_is_still_a_500(monkeypatch):
    petition = make_petition()

    def broken(*args, **kwargs):
        raise ValueError("a mistake in our code")

    monkeypatch.setattr("clarion.petitions.views.actions.sign_petition", broken)
    assert sign(Client(raise_request_exception=False), petition).status_code == 500


@pytest.mark.parametrize("logger", ["django_tasks", "rq.worker", "rq.job"])
def test_a_task_logger_says_an_outage_in_one_line_not_a_traceback(logger, caplog):
    """What the worker logs when the database went away under a job (the job, its failure callback): the outage
    notice, once, instead of each traceback."""
    try:
        raise OperationalError("connection failed: Connection refused")
    except OperationalError:
        with caplog.at_level(logging.INFO):
            logging.getLogger(logger).exception("error while executing failure callback")
    assert "error while executing failure callback" not in caplog.text
    assert "Traceback" not in caplog.text and "The database cannot be reached" in caplog.text
