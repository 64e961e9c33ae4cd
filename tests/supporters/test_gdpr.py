"""Miriam asks what we hold on her, then to be forgotten: she gets it all as JSON, then nothing personal is
left, while the petition she signed keeps counting her. Supporters who went quiet are erased on schedule."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from freezegun import freeze_time

from clarion.core import supporter_data
from clarion.core.emails import canonical_email
from clarion.core.keyed import keyed_hashes
from clarion.core.schedule import periodic_tasks
from clarion.petitions.counting import count_round, read_counts, recount
from clarion.petitions.models import PetitionPage, PetitionState, Signature
from clarion.petitions.tasks import forget_consent_ips
from clarion.supporters import actions, tokens
from clarion.supporters.models import Consent, Supporter
from clarion.supporters.tasks import erase_expired_supporters
from tests.factories import publish
from tests.petitions.conftest import change_settings
from tests.supporters.conftest import path_of, subscriber
from tests.supporters.test_records import confirmed, signed

pytestmark = pytest.mark.django_db


def another_petition(petition, title, slug):
    return publish(petition.get_parent(), PetitionPage(
        title=title, slug=slug, target_name="Oren Vale", demand="Open it.", goal=100,
        closes_at=timezone.now() + timedelta(days=15)))

MIRIAM = "Miriam.Rezaei@gmail.com"


@pytest.fixture
def miriam(petition):
    """Miriam signed the petition and opted in; she has a tag and a second, unconfirmed signature elsewhere."""
    signature = confirmed(petition, MIRIAM, opt_in=True, comment="For the children of the camp.")
    supporter = signature.supporter
    supporter.tags.add("volunteer")
    other = another_petition(petition, "Open the Harl road", "harl-road")
    signed(other, "miriamrezaei@gmail.com")
    return supporter


def test_supporter_downloads_everything_held_on_her(client, petition, miriam, monkeypatch):
    monkeypatch.setitem(supporter_data._exports, "deliveries", lambda supporter: [{"mailing": "Dear Friend",
                                                                              "to": supporter.email}])

    answer = client.get(path_of(tokens.preferences_url(miriam)) + "my-data.json")

    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    assert "attachment" in answer["Content-Disposition"]
    data = json.loads(answer.content)
    assert data["supporter"] | {"first_seen": None, "subscribed_at": None} == {
        "email": MIRIAM, "name": "Miriam Rezaei", "country": "DE", "language": "en",
        "source": f"petition:{petition.pk}", "first_seen": None, "referral_code": miriam.referral_code,
        "subscribed": True, "subscribed_at": None, "undeliverable_at": None, "undeliverable_reason": "",
        "erased_at": None}
    assert data["tags"] == ["volunteer"]
    [consent] = data["consents"]
    assert (consent["action"], consent["channel"], consent["notice"]) == ("opt_in", "petition",
                                                                          petition.consent_text)
    assert [(s["petition"], s["state"], s["comment"]) for s in data["signatures"]] == [
        ("Let the Tamsin Valley families stay", "validated", "For the children of the camp."),
        ("Open the Harl road", "pending", "")]
    assert data["deliveries"] == [{"mailing": "Dear Friend", "to": MIRIAM}]


def test_supporter_erases_herself_and_the_count_stays_right(client, petition, miriam):
    count_round()
    assert read_counts(petition.pk)["total"] == 1
    page = path_of(tokens.preferences_url(miriam)) + "erase/"

    asked = client.get(page)
    assert asked.status_code == 200 and "This cannot be undone" in asked.content.decode()
    assert Supporter.objects.get(pk=miriam.pk).erased_at is None  # asking erases nothing
    erased = client.post(page, {"confirm": "erase"})

    assert erased.status_code == 200 and "Your data is erased" in erased.content.decode()
    assert recount(petition.pk) == 0 and read_counts(petition.pk)["total"] == 1
    supporter = Supporter.objects.get(pk=miriam.pk)
    assert supporter.erased_at and not supporter.subscribed and supporter.email.endswith("@erased.invalid")
    assert (supporter.name, supporter.country, supporter.language, list(supporter.tags.names())) == ("", "", "", [])
    [tombstone] = Consent.objects.all()
    assert (tombstone.channel, tombstone.source, tombstone.ip_address, tombstone.notice) == (
        "erasure", "self-service", None, None)
    assert Signature.objects.filter(anonymised_at__isnull=True).count() == 0
    everything = json.dumps([list(model.objects.values()) for model in (Supporter, Consent, Signature)],
                            default=str).lower()
    for trace in ("miriam", "rezaei", "children of the camp", "198.51.100"):
        assert trace not in everything
    # Back later (on another petition: this one she has signed), she is a new supporter; her erased record stays
    # erased.
    again = confirmed(another_petition(petition, "Close the Harl camp", "harl-camp"), MIRIAM, opt_in=True).supporter
    assert again.pk != miriam.pk and Supporter.objects.mailable().get() == again


def test_confirmation_is_needed_to_erase(client, miriam):
    answer = client.post(path_of(tokens.preferences_url(miriam)) + "erase/")

    assert answer.status_code == 400
    assert Supporter.objects.get(pk=miriam.pk).erased_at is None


def test_quiet_supporters_are_erased_after_the_retention_period(petition, settings):
    settings.CLARION_SUPPORTERS_RETENTION_MONTHS = 12
    long_ago = timezone.now() - timedelta(days=400)
    with freeze_time(long_ago):
        quiet = subscriber("quiet@example.org")
        subscribed = subscriber("still-subscribed@example.org")
        signer = confirmed(petition, "signer@example.org").supporter
        closed = another_petition(petition, "Closed one", "closed")
        old_signer = confirmed(closed, "old-signer@example.org").supporter
    closed.state = PetitionState.CLOSED
    closed.save()
    actions.opt_out(quiet, channel="preferences")
    recent = subscriber("recent@example.org")
    actions.opt_out(recent, channel="preferences")
    with freeze_time(long_ago):  # the opt-out, too, was long ago
        Consent.objects.filter(supporter=quiet).update(created_at=long_ago)

    assert erase_expired_supporters.call() == 2

    erased = set(Supporter.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {quiet.pk, old_signer.pk}
    assert {subscribed.pk, signer.pk, recent.pk}.isdisjoint(erased)
    assert (erase_expired_supporters, 24 * 3600) in periodic_tasks()


def test_retention_zero_keeps_everyone(settings):
    settings.CLARION_SUPPORTERS_RETENTION_MONTHS = 0
    with freeze_time(timezone.now() - timedelta(days=4000)):
        subscriber("quiet@example.org")
    Consent.objects.all().delete()
    Supporter.objects.update(subscribed=False)

    assert erase_expired_supporters.call() == 0


def test_her_emails_invitations_and_alerts_are_in_her_export_and_gone_after_erasure(client, petition, miriam):
    from clarion.mail.models import OutboxMessage
    from clarion.spread.actions import invite_friends
    from clarion.spread.models import Invitation
    from clarion.spread.sending import send_pending_invitations

    # Leyla signs a petition Miriam has not signed, and invites her to it.
    leyla = confirmed(another_petition(petition, "Free the Harl ten", "harl-ten"), "leyla@example.org",
                      name="Leyla Aziz")
    invite_friends(leyla, [("Miriam", "miriam.rezaei+friends@gmail.com")], note="Please sign")
    assert send_pending_invitations() == 1  # what the sending task does after the request

    data = json.loads(client.get(path_of(tokens.preferences_url(miriam)) + "my-data.json").content)
    assert {m["subject"] for m in data["emails"]} >= {f"Please confirm your signature: {petition.title}"}
    assert {m["to"] for m in data["emails"]} == {MIRIAM, "miriamrezaei@gmail.com", "miriam.rezaei+friends@gmail.com"}
    assert [(i["email"], i["name"]) for i in data["invitations"]["received"]] == [
        ("miriam.rezaei+friends@gmail.com", "Miriam")]
    assert data["alerts_received"] == []

    client.post(path_of(tokens.preferences_url(miriam)) + "erase/", {"confirm": "erase"})

    left = [row for m in (OutboxMessage, Invitation) for row in m.objects.values()
            if "miriam" in json.dumps(row, default=str).lower() or "rezaei" in json.dumps(row, default=str).lower()]
    assert left == []
    assert OutboxMessage.objects.filter(to="leyla@example.org").exists()  # nobody else's mail is touched


def test_with_the_database_and_a_list_of_addresses_nobody_finds_an_erased_supporter(client, petition, miriam):
    client.post(path_of(tokens.preferences_url(miriam)) + "erase/", {"confirm": "erase"})
    erased = Supporter.objects.get(pk=miriam.pk)

    # Someone holding a copy of the database, a list of addresses, and even the hashing keys.
    dump = json.dumps(list(Supporter.objects.values()), default=str).lower()
    suspects = [MIRIAM, "miriamrezaei@gmail.com", "leyla@example.org"]
    candidates = set()
    for address in suspects + [canonical_email(a) for a in suspects]:
        for recipe in (address, f"{erased.pk}:{address}", address.lower()):
            for algorithm in ("sha256", "sha1", "md5"):
                digest = hashlib.new(algorithm, recipe.encode()).hexdigest()
                candidates |= {digest, digest[:32], digest[:16]}
        candidates |= {part for key in keyed_hashes(address, "supporters") for part in key.split(":")[1:]}

    assert [c for c in candidates if c in dump] == []
    # Random, not derived: erasing the same person once more (then rolled back) leaves another tombstone.
    with transaction.atomic():
        Supporter.objects.filter(pk=miriam.pk).update(email=MIRIAM, canonical_email=miriam.canonical_email,
                                                      erased_at=None)
        second = actions.erase_supporter(Supporter.objects.get(pk=miriam.pk), how="admin")
        transaction.set_rollback(True)
    assert second.email.endswith("@erased.invalid")
    assert second.email != erased.email and second.canonical_email != erased.canonical_email


def test_consent_ip_addresses_are_dropped_after_the_retention_period(petition):
    change_settings(ip_retention_days=30)
    with freeze_time(timezone.now() - timedelta(days=31)):
        old = subscriber("old@example.org")
    recent = subscriber("recent@example.org")

    assert forget_consent_ips.call() == 1

    assert Consent.objects.get(supporter=old).ip_address is None
    assert Consent.objects.get(supporter=old).notice.text == "Keep me informed."  # what was agreed stays
    assert Consent.objects.get(supporter=recent).ip_address == "203.0.113.7"
    assert (forget_consent_ips, 24 * 3600) in periodic_tasks()


def test_a_petition_closed_by_its_date_no_longer_keeps_its_signers(petition, settings):
    settings.CLARION_SUPPORTERS_RETENTION_MONTHS = 12
    long_ago = timezone.now() - timedelta(days=400)
    with freeze_time(long_ago):
        lapsed = another_petition(petition, "Lapsed one", "lapsed")
        signer = confirmed(lapsed, "signer@example.org").supporter
    PetitionPage.objects.filter(pk=lapsed.pk).update(closes_at=long_ago + timedelta(days=30))

    assert erase_expired_supporters.call() == 1
    assert Supporter.objects.get(pk=signer.pk).erased_at is not None
