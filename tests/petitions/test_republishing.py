"""An editor republishing a petition unchanged never undoes what its dates decided."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from clarion.core.schedule import Schedule
from clarion.petitions.models import PetitionPage, PetitionState
from tests.conftest import run_queued_tasks
from tests.petitions.conftest import make_petition, sign

pytestmark = pytest.mark.django_db


def edit_form(client, page):
    """The fields of the page's edit form as the browser would send them back untouched."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen["value"] if chosen else ""
        elif field.name == "textarea":
            data[name] = field.text
        else:
            data[name] = field.get("value", "")
    return data


def test_a_petition_closed_by_its_date_stays_closed_when_an_editor_publishes_a_draft(staff, client):
    now = timezone.now()
    petition = make_petition(state=PetitionState.OPEN, closes_at=now + timedelta(hours=1))
    petition.demand = "Cancel the return order for Tamsin Valley camp now."
    petition.save_revision()  # a draft in progress: the edit form shows it, not the page row

    with freeze_time(now + timedelta(hours=2)):
        Schedule().tick()
        run_queued_tasks()  # the scheduler's round, as the worker runs it
        stored = PetitionPage.objects.get(pk=petition.pk).state
        form = edit_form(staff, petition)
        assert form["state"] == stored  # the editor sees what the petition holds

        response = staff.post(reverse("wagtailadmin_pages:edit", args=[petition.pk]), form | {"action-publish": "1"})

        assert response.status_code == 302
        petition = PetitionPage.objects.get(pk=petition.pk)
        assert petition.state == stored
        assert petition.public_state() == PetitionState.CLOSED
        client.logout()
        assert sign(client, petition).status_code == 403
