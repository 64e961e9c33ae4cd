"""A month after Miriam invited her friends, the database is copied by someone who should not have it. Invitations
kept the friends' names and addresses, her note and her IP key only for CLARION_INVITE_RETENTION_DAYS; after that,
and in suppressions always, there are only keyed hashes: with the database and a list of addresses nobody can tell
who was invited or asked never to be, while the rules (once per petition, never again) still hold."""

import hashlib
import json
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from freezegun import freeze_time

from clarion.core import keyed
from clarion.core.schedule import DAY, periodic_tasks
from clarion.spread.actions import invitations_left
from clarion.spread.models import ADDRESS_PURPOSE, Invitation, InvitationState, Suppression, address_keys
from clarion.spread.tasks import purge_invitation_data
from clarion.supporters.actions import erase_supporter, record_supporter
from tests.petitions.conftest import deliver_outbox
from tests.spread.conftest import confirmed, invite, mailed, send_invitations
from tests.spread.test_invitations import never_link

pytestmark = pytest.mark.django_db

FRIENDS = [("Kaveh", "kaveh.amini@example.net"), ("Lena", "Lena.Berg@Example.net")]
MIRIAMS_IP = "2001:db8:77::5"


def stored():
    """Every invitation and suppression row as someone with a copy of the database reads it."""
    rows = [*Invitation.objects.values(), *Suppression.objects.values()]
    return json.dumps(rows, default=str)


def guesses(addresses):
    """What an attacker with a list of addresses can compute without the hash key."""
    found = set()
    for address in addresses:
        for spelling in {address, address.lower(), address.lower().replace(".", "", address.index("@"))}:
            for algorithm in ("md5", "sha1", "sha256", "sha512"):
                digest = hashlib.new(algorithm, spelling.encode()).hexdigest()
                found |= {digest, digest[:keyed.DIGEST_CHARS], digest[:32]}
    return found


@pytest.fixture
def a_month_later(client, signer, smtp_server):
    """Miriam invited two friends with a note; Lena asked never to be invited again; then a month passed."""
    invite(client, signer, FRIENDS, note="Kaveh and Lena, please sign", ip=MIRIAMS_IP)
    send_invitations()
    deliver_outbox()
    client.post(urlsplit(never_link(smtp_server.to("Lena.Berg@Example.net")[0])).path)
    with freeze_time(timezone.now() + timedelta(days=31)):
        purge_invitation_data.call()
    return signer


def test_after_retention_the_database_holds_no_name_address_note_or_ip(a_month_later, settings):
    dump = stored().lower()

    for secret in ("kaveh", "lena", "amini", "berg", "please sign", "2001:db8", "example.net"):
        assert secret not in dump
    assert not any(guess in dump for guess in guesses([email for _, email in FRIENDS]))
    real_keys = settings.CLARION_HASH_KEYS
    settings.CLARION_HASH_KEYS = ["a key the thief guessed"]
    assert not any(keyed.keyed_hash(email, ADDRESS_PURPOSE).split(":")[1] in dump
                   for email in ("kaveh.amini@example.net", "lena.berg@example.net"))
    settings.CLARION_HASH_KEYS = real_keys
    # With the key (kept apart from the database) the rows do answer: these are the two friends.
    assert Invitation.objects.filter(address_key__in=address_keys("kaveh.amini@example.net")).count() == 1
    assert Suppression.objects.filter(address_key__in=address_keys("lena.berg@example.net")).count() == 1


def test_after_retention_suppression_and_once_per_petition_still_hold(client, petition, a_month_later):
    sara = confirmed(petition, "sara@example.org", name="Sara Lind")

    invite(client, sara, [*FRIENDS, ("Omid", "omid@example.net")], ip="198.51.100.9")

    assert send_invitations() == 1
    assert list(mailed().filter(inviter=sara.supporter).values_list("email", flat=True)) == ["omid@example.net"]


def test_retention_is_a_daily_task_and_a_setting(client, signer, settings):
    assert (purge_invitation_data, DAY) in periodic_tasks()
    settings.CLARION_INVITE_RETENTION_DAYS = 3
    invite(client, signer, FRIENDS, note="Please sign")

    with freeze_time(timezone.now() + timedelta(days=2)):
        assert purge_invitation_data.call() == 0
    with freeze_time(timezone.now() + timedelta(days=4)):
        assert purge_invitation_data.call() == 2
    assert not Invitation.objects.exclude(name="", email="", note="", ip_key="").exists()


def test_an_invitation_left_waiting_past_retention_is_never_mailed_from_stale_data(client, signer, settings):
    settings.CLARION_INVITE_RETENTION_DAYS = 0  # read as 1: the per-IP limit counts a day of requests
    invite(client, signer, FRIENDS)

    with freeze_time(timezone.now() + timedelta(hours=23)):
        purge_invitation_data.call()
        assert Invitation.objects.filter(state=InvitationState.PENDING).count() == 2
    with freeze_time(timezone.now() + timedelta(days=1, hours=1)):
        purge_invitation_data.call()
        assert send_invitations() == 0
    assert not mailed().exists()


def test_a_friend_who_erases_themselves_is_forgotten_without_changing_what_miriam_may_send(client, signer):
    invite(client, signer, FRIENDS, note="Please sign", ip=MIRIAMS_IP)
    send_invitations()
    before = invitations_left(signer.supporter_id, MIRIAMS_IP)

    erase_supporter(record_supporter("kaveh.amini@example.net"), how="self-service")

    assert "kaveh" not in stored().lower()
    assert not Invitation.objects.filter(address_key__in=address_keys("kaveh.amini@example.net")).exists()
    assert invitations_left(signer.supporter_id, MIRIAMS_IP) == before


def test_an_inviter_who_erases_themselves_leaves_charges_with_nothing_plain(client, signer):
    invite(client, signer, FRIENDS, note="Love, Miriam", ip=MIRIAMS_IP)
    before = invitations_left(signer.supporter_id, MIRIAMS_IP)

    erase_supporter(signer.supporter, how="self-service")

    assert "miriam" not in stored().lower() and "kaveh" not in stored().lower()
    assert Invitation.objects.filter(inviter=signer.supporter).count() == 2
    assert invitations_left(signer.supporter_id, None)["day"] == before["day"]
    assert send_invitations() == 0
