"""Carla's CRM hears of what happens in Clarion: each event arrives signed as Standard Webhooks says, personal
fields reach only the endpoints allowed them, and an erasure tells the CRM to erase without naming the address."""

import hashlib
import hmac
from datetime import timedelta

import pytest
from django.utils import timezone

from clarion.petitions import actions as petition_actions
from clarion.petitions.counting import count_round
from clarion.petitions.models import PetitionThreshold, Signature
from clarion.supporters import actions as supporter_actions
from clarion.webhooks.closing import announce_closed
from clarion.webhooks.models import Delivery, DeliveryStatus, Event
from clarion.webhooks.signing import secret_bytes
from tests.petitions.conftest import confirmed, make_petition
from tests.webhooks.conftest import bodies, deliver, endpoint

pytestmark = pytest.mark.django_db


def test_every_event_type_arrives_signed(receiver):
    crm = endpoint(receiver.url(), may_receive_personal=True)
    petition = make_petition(goal=10)
    PetitionThreshold.objects.create(petition=petition, count=1)
    signature = confirmed(petition, "miriam@example.org", opt_in=True)
    count_round()
    petition.closes_at = timezone.now() - timedelta(hours=1)
    petition.save()
    assert announce_closed() == 1
    assert announce_closed() == 0  # each close is announced once
    petition_actions.record_delivery(petition, delivered_at=timezone.now(), method="By hand",
                                     recipient="Oren Vale")
    supporter = signature.supporter
    supporter_actions.opt_out(supporter, channel="unsubscribe")
    deliver()
    supporter_actions.erase_supporter(supporter, how="self-service")
    deliver()

    types = [message["type"] for message in receiver.verified(crm.secret)]
    assert sorted(types) == sorted(["signature.confirmed", "supporter.subscribed", "petition.threshold_reached",
                                    "petition.closed", "petition.delivered", "supporter.unsubscribed",
                                    "supporter.erased"])
    assert len({r["headers"]["webhook-id"] for r in receiver.received}) == len(types)


def test_a_wrong_secret_does_not_verify(receiver):
    crm = endpoint(receiver.url())
    confirmed(make_petition(), "miriam@example.org")
    deliver()
    other = endpoint("http://127.0.0.1:9/unused", name="Other")
    assert receiver.verified(crm.secret)
    with pytest.raises(Exception, match="signature"):
        receiver.verified(other.secret)


def test_personal_fields_reach_only_the_endpoints_allowed_them(receiver, other_receiver):
    endpoint(receiver.url(), events=["signature.confirmed", "supporter.subscribed"], may_receive_personal=True)
    endpoint(other_receiver.url(), events=["signature.confirmed", "supporter.subscribed"], name="Dashboard")
    petition = make_petition()
    confirmed(petition, "miriam@example.org", name="Miriam Rezaei", country="DE", opt_in=True)
    deliver()

    trusted = {b["type"]: b["data"] for b in bodies(receiver)}
    assert trusted["signature.confirmed"]["signature"]["email"] == "miriam@example.org"
    assert trusted["signature.confirmed"]["signature"]["name"] == "Miriam Rezaei"
    assert trusted["signature.confirmed"]["signature"]["country"] == "DE"
    assert trusted["supporter.subscribed"]["supporter"]["email"] == "miriam@example.org"
    public = bodies(other_receiver)
    assert [b["type"] for b in public] == ["signature.confirmed"]  # a subscription names a person: not sent
    assert public[0]["data"] == {"petition": {"id": petition.pk, "title": petition.title}, "count": 1}
    assert b"miriam" not in b"".join(r["body"] for r in other_receiver.received).lower()


def test_an_erasure_drops_what_waits_and_tells_the_crm_by_a_keyed_hash(receiver, other_receiver):
    crm = endpoint(receiver.url(), may_receive_personal=True)
    dashboard = endpoint(other_receiver.url(), name="Dashboard")
    signature = confirmed(make_petition(), "Miriam@Example.org", opt_in=True)
    count_round()
    waiting_for_crm = Delivery.objects.filter(endpoint=crm, status=DeliveryStatus.PENDING).count()
    assert waiting_for_crm == 2  # the signature and the subscription

    supporter_actions.erase_supporter(signature.supporter, how="self-service")
    deliver()

    assert Delivery.objects.filter(endpoint=crm, status=DeliveryStatus.DROPPED).count() == 2
    messages = receiver.verified(crm.secret)
    assert [m["type"] for m in messages] == ["supporter.erased"]
    expected = hmac.new(secret_bytes(crm.secret), b"miriam@example.org", hashlib.sha256).hexdigest()
    assert messages[0]["data"]["email_hmac"] == expected
    assert [b["type"] for b in bodies(other_receiver)] == ["signature.confirmed"]  # the count only, as before
    assert Delivery.objects.get(endpoint=dashboard).status == DeliveryStatus.DELIVERED
    stored = " ".join(str(e.payload) + str(e.personal) + str(d.extra) for e in Event.objects.all()
                      for d in e.deliveries.all())
    assert "miriam" not in stored.lower()


def test_nothing_is_written_when_no_endpoint_wants_the_event(receiver):
    endpoint(receiver.url(), events=["petition.delivered"])
    confirmed(make_petition(), "miriam@example.org")
    deliver()
    assert not Event.objects.exists() and receiver.received == []


def test_a_disabled_endpoint_gets_no_new_events(receiver):
    endpoint(receiver.url(), enabled=False)
    confirmed(make_petition(), "miriam@example.org")
    assert not Delivery.objects.exists()


def test_a_signature_is_announced_once_when_it_counts_even_if_it_stops_and_counts_again(receiver):
    endpoint(receiver.url(), events=["signature.confirmed"])
    petition = make_petition()
    signature = confirmed(petition, "miriam@example.org")
    assert not Event.objects.exists()  # confirming writes nothing for webhooks: the counting round announces
    deliver()
    batch = petition_actions.invalidate_signatures(petition, Signature.objects.filter(pk=signature.pk),
                                                   criteria="test")
    deliver()
    petition_actions.undo_invalidation(batch)
    deliver()
    assert [b["type"] for b in bodies(receiver)] == ["signature.confirmed"]
