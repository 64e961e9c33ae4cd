"""The demo campaign tells one story about time, whenever it is loaded: every date its pages and its alert
name is the decision day, and the petition closes before the Director decides."""

import re
from datetime import date, datetime, time

import pytest
from django.utils import timezone
from freezegun import freeze_time

from clarion.alerts.models import Mailing
from clarion.demo.build import build_demo
from clarion.layout.models import Module
from clarion.pages.models import AppealPage, HomePage
from clarion.petitions.models import PetitionPage

pytestmark = pytest.mark.django_db

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
STATED_DATE = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(MONTHS)})\b")


def dates_stated(text, today):
    """Every "12 December" in `text`, in the year that puts it nearest to `today`."""
    found = set()
    for day, month in STATED_DATE.findall(text):
        years = (today.year - 1, today.year, today.year + 1)
        found.add(min((date(year, MONTHS.index(month) + 1, int(day)) for year in years),
                      key=lambda stated: abs(stated - today)))
    return found


@pytest.mark.parametrize("loaded_at", ["2026-12-02 09:00", "2026-12-30 18:00"])
def test_the_petition_closes_before_the_decision_its_copy_announces(loaded_at):
    with freeze_time(loaded_at):
        build_demo()
        today = timezone.localdate()
        mailing = Mailing.objects.get()
        copy = "\n".join([HomePage.objects.get().intro, AppealPage.objects.get().lead,
                          *(str(module.body.render_as_block()) for module in Module.objects.all()),
                          mailing.subject, mailing.preheader, mailing.body])

        [decision] = dates_stated(copy, today)
        assert today < decision
        petition = PetitionPage.objects.get()
        assert timezone.now() < petition.closes_at
        assert petition.closes_at <= timezone.make_aware(datetime.combine(decision, time.min))
        assert len(STATED_DATE.findall(copy)) >= 4  # home, appeal, modules, alert: all the same day
