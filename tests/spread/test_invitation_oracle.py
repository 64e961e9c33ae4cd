"""Pete has signed, and uses the invitation form to find out about other people: whether an address signed,
opted out, was erased, bounces, was suppressed or invited lately, or is unknown. Every answer he can see (status,
page, remaining figure, the next request's answer, the work the request does, his own data export) is the same
whatever the address is, and he runs out of invitations at the same point."""

import re
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from clarion.mail.models import OutboxMessage
from clarion.spread.models import Invitation, Suppression, address_key
from clarion.supporters import gdpr
from clarion.supporters.actions import erase_supporter, mark_undeliverable, opt_out, record_supporter
from tests.spread.conftest import confirmed, friends, invite, send_invitations, signed

pytestmark = pytest.mark.django_db

UNKNOWN = "stranger@example.net"
STATUSES = ["signed@example.net", "pending@example.net", "optedout@example.net", "erased@example.net",
            "bounced@example.net", "suppressed@example.net", "invitedlately@example.net", UNKNOWN]
SEALED = re.compile(r"/(thanks|impact|invite|never)/[A-Za-z0-9_\-]{40,}/")


@pytest.fixture
def world(petition, signer):
    """Addresses in every state the form must not reveal, and Pete, a confirmed signer with 4 invitations a day."""
    confirmed(petition, "signed@example.net", name="Sara Lind")
    signed(petition, "pending@example.net", name="Parisa Nouri")
    opt_out(record_supporter("optedout@example.net"), channel="unsubscribe")
    erase_supporter(record_supporter("erased@example.net"), how="admin")
    mark_undeliverable(record_supporter("bounced@example.net"), "550 no such user")
    Suppression.objects.create(address_key=address_key("suppressed@example.net"))
    from django.test import Client

    invite(Client(), signer, [("Lena", "invitedlately@example.net")], ip="203.0.113.50")
    send_invitations()
    pete = confirmed(petition, "pete@example.org", name="Pete Ward")
    return pete


@contextmanager
def undone():
    """Whatever happens inside is rolled back, so each probe starts from the same world."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def seen(response):
    """What Pete sees of an answer: its status, where it sends him, and its text, minus the sealed links that
    differ on every render anyway."""
    return response.status_code, SEALED.sub("/<link>/", response.get("Location", "")), SEALED.sub(
        "/<link>/", response.content.decode())


def probe(client, pete, email):
    """Invite `email`, read the page he is sent to, then ask for four more and read that answer."""
    first = invite(client, pete, [("Friend", email)])
    page = client.get(first["Location"]) if first.status_code == 303 else first
    second = invite(client, pete, friends(4, domain="example.com"))
    return seen(first), seen(page), seen(second)


def test_inviting_an_address_tells_a_signer_nothing_about_it(client, world, settings):
    settings.CLARION_INVITE_MAX_PER_SIGNER = 4
    answers = {}
    for email in STATUSES:
        with undone():
            answers[email] = probe(client, world, email)

    first, page, second = answers[UNKNOWN]
    assert first[0] == 303 and "You can invite 3 more friends today." in page[2]
    assert second[0] == 429 and "You can send 3 more invitations today." in second[2]
    assert {email: answer for email, answer in answers.items() if answer != answers[UNKNOWN]} == {}


def test_a_signer_runs_out_of_invitations_at_the_same_point_whatever_the_addresses(client, world, settings):
    settings.CLARION_INVITE_MAX_PER_SIGNER = 4
    known = [email for email in STATUSES if email != UNKNOWN][:4]
    runs = []
    for addresses in (known, [f"new{n}@example.org" for n in range(4)]):
        with undone():
            run = [seen(invite(client, world, [("Friend", email)])) for email in addresses]
            run.append(seen(invite(client, world, [("One more", "onemore@example.org")])))
            runs.append(run)

    assert [answer[0] for answer in runs[1]] == [303, 303, 303, 303, 429]
    assert "as many invitations as can be sent today" in runs[1][-1][2]
    assert runs[0] == runs[1]


def _shapes(queries):
    """Each statement with its values (and savepoint names) blanked: the work a request does."""
    return [re.sub(r"'[^']*'|\b\d+\b|\bs\d+_x\d+\b", "?", query["sql"]) for query in queries]


def test_the_request_does_the_same_work_whatever_the_address_and_mails_nothing_itself(client, world):
    work, outbox = {}, OutboxMessage.objects.count()
    for email in STATUSES:
        with undone(), CaptureQueriesContext(connection) as queries:
            assert invite(client, world, [("Friend", email)]).status_code == 303
            assert OutboxMessage.objects.count() == outbox
        work[email] = _shapes(queries.captured_queries)

    assert {email: shapes for email, shapes in work.items() if shapes != work[UNKNOWN]} == {}


def test_the_inviters_export_is_the_same_whatever_became_of_the_invitees(client, world):
    for email in STATUSES:
        invite(client, world, [("Friend", email)], note="Please sign")
    send_invitations()
    sent = gdpr.export_supporter(world.supporter)["invitations"]["sent"]
    erase_supporter(record_supporter(UNKNOWN), how="self-service")  # the unknown friend erases themselves later

    after = gdpr.export_supporter(world.supporter)["invitations"]["sent"]

    assert len(sent) == len(STATUSES) and after == sent
    assert {tuple(sorted(row)) for row in sent} == {("note", "petition", "requested_at")}
    assert {row["note"] for row in sent} == {"Please sign"}
    assert Invitation.objects.filter(inviter=world.supporter).count() == len(STATUSES)


def test_a_signer_rotating_ipv6_addresses_in_one_64_meets_the_per_ip_limit(client, petition, signer, settings):
    settings.CLARION_INVITE_MAX_PER_IP = 3
    others = [confirmed(petition, f"signer{n}@example.org", name=f"Signer {n}") for n in range(4)]

    answers = [invite(client, other, friends(1, domain=f"d{n}.example"), ip=f"2001:db8:5:7::{n + 1:x}").status_code
               for n, other in enumerate(others)]

    assert answers == [303, 303, 303, 429]
    assert invite(client, signer, friends(1), ip="2001:db8:5:8::1").status_code == 303  # the next /64 is someone else
