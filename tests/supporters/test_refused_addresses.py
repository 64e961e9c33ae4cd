"""Olga, an organiser, sees why mail no longer goes to a supporter: the mail server refused the address for good.
Only the supporter's own address counts: a refused variant someone else typed decides nothing for them."""

import pytest

from clarion.mail.models import OutboxMessage
from clarion.mail.signals import address_refused
from clarion.supporters.models import Supporter
from tests.supporters.conftest import subscriber

pytestmark = pytest.mark.django_db

INDEX = "/admin/supporters/"
ANSWER = "550 5.1.1 No such user here"


def refuse(address):
    address_refused.send(sender=OutboxMessage, address=address, answer=ANSWER)


def test_a_refused_address_stops_mail_to_its_supporter_and_shows_in_the_admin(staff):
    kaveh = subscriber("kaveh@example.org")
    subscriber("leyla@example.org", name="Leyla Karimi")

    refuse("Kaveh@Example.org")

    kaveh.refresh_from_db()
    assert kaveh.undeliverable_at is not None and ANSWER in kaveh.undeliverable_reason
    assert not Supporter.objects.mailable().filter(pk=kaveh.pk).exists()
    page = staff.get(f"/admin/supporters/inspect/{kaveh.pk}/").content.decode()
    assert "No mail goes to this address since" in page and ANSWER in page
    undeliverable = staff.get(INDEX, {"undeliverable": "true"}).content.decode()
    assert "kaveh@example.org" in undeliverable and "leyla@example.org" not in undeliverable
    deliverable = staff.get(INDEX, {"undeliverable": "false"}).content.decode()
    assert "leyla@example.org" in deliverable and "kaveh@example.org" not in deliverable


def test_a_refused_variant_of_someone_elses_address_changes_nothing_for_them():
    miriam = subscriber("miriam@gmail.com", name="Miriam Rezaei")

    refuse("m.i.r.i.a.m+petition@gmail.com")  # the same mailbox to us, but not the address she gave

    miriam.refresh_from_db()
    assert miriam.undeliverable_at is None


def test_the_outbox_lists_the_servers_answer(staff):
    OutboxMessage.objects.create(to="gone@example.net", subject="Thank you", text_body="Thanks.",
                                 status=OutboxMessage.Status.FAILED, attempts=1,
                                 last_error=f"Refused for good: {ANSWER}")

    listing = staff.get("/admin/outbox/", {"status": "failed"}).content.decode()

    assert f"Refused for good: {ANSWER}" in listing
