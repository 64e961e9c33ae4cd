"""Pete protects the petition: floods, blocked sources, throw-away addresses and robots are flagged (held for
review once confirmed, or, for a hidden field or a block rule, fraudulent) and never count unreviewed, while
whoever sent them sees and receives exactly what a supporter does."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from clarion.mail.models import OutboxMessage
from clarion.petitions.models import AccessRule, Signature, SignatureState
from tests.petitions.conftest import CONFIRM_LINK, change_settings, deliver_outbox, form_data, sign

pytestmark = pytest.mark.django_db

FLOODER = "203.0.113.7"


def verdict(email):
    signature = Signature.objects.get(email=email)
    return signature.state, signature.fraud_reason


GENUINE = (SignatureState.PENDING, "")


def test_the_sixth_signature_from_one_address_within_five_minutes_is_quietly_flagged(client, petition):
    now = timezone.now()
    with freeze_time(now):
        answers = {sign(client, petition, ip=FLOODER, email=f"person{n}@example.org")["Location"] for n in range(6)}

    assert answers == {f"/petitions/{petition.pk}/check-your-email/"}
    assert [verdict(f"person{n}@example.org") for n in range(5)] == [GENUINE] * 5
    assert verdict("person5@example.org") == (SignatureState.PENDING, "rate-burst")
    assert OutboxMessage.objects.count() == 6
    assert sign(client, petition, ip="203.0.113.8", email="neighbour@example.org").status_code == 302
    assert verdict("neighbour@example.org") == GENUINE

    with freeze_time(now + timedelta(minutes=6)):
        sign(client, petition, ip=FLOODER, email="later@example.org")
    assert verdict("later@example.org") == GENUINE


def test_an_administrator_can_tighten_the_limits(client, petition):
    change_settings(burst_limit=50, sustained_limit=2)

    for n in range(3):
        sign(client, petition, ip=FLOODER, email=f"person{n}@example.org")

    assert verdict("person2@example.org") == (SignatureState.PENDING, "rate-sustained")


def test_forwarded_for_headers_from_strangers_are_ignored(client, petition):
    sign(client, petition, ip="198.51.100.20", forwarded_for="192.0.2.1")

    assert Signature.objects.get().ip_address == "198.51.100.20"


@pytest.mark.parametrize(("forwarded_for", "client_address"), [
    ("192.0.2.1", "192.0.2.1"),
    ("192.0.2.1, 203.0.113.5, 10.0.0.3", "203.0.113.5"),
    ("10.0.0.9, 10.0.0.3", "10.0.0.9"),
    ("", "10.0.0.2"),
    ("not-an-address, 203.0.113.5", "203.0.113.5"),
])
def test_behind_a_trusted_proxy_the_nearest_untrusted_hop_is_the_signer(client, petition, settings, forwarded_for,
                                                                         client_address):
    settings.CLARION_TRUSTED_PROXIES = ["10.0.0.0/8"]

    sign(client, petition, ip="10.0.0.2", forwarded_for=forwarded_for)

    assert Signature.objects.get().ip_address == client_address


def test_people_behind_one_trusted_proxy_are_not_rate_limited_together(client, petition, settings):
    settings.CLARION_TRUSTED_PROXIES = ["10.0.0.2"]

    for n in range(8):
        sign(client, petition, ip="10.0.0.2", email=f"person{n}@example.org", forwarded_for=f"192.0.2.{n}")

    assert not Signature.objects.exclude(fraud_reason="").exists()


@pytest.mark.parametrize(("kind", "value", "blocked", "allowed"), [
    ("network", FLOODER, {"ip": FLOODER}, {"ip": "203.0.113.8"}),
    ("network", "203.0.113.0/24", {"ip": "203.0.113.200"}, {"ip": "203.0.114.1"}),
    ("domain", "*.example.org", {"email": "bot@mail.example.org"}, {"email": "miriam@example.org"}),
    ("domain", "spam.example", {"email": "bot@SPAM.example"}, {"email": "bot@spam.example.net"}),
    ("address", "bot@example.com", {"email": "Bot@Example.com"}, {"email": "bot2@example.com"}),
])
def test_block_rules_mark_what_they_match(client, petition, kind, value, blocked, allowed):
    AccessRule.objects.create(kind=kind, value=value, note="Seen in last week's flood")
    blocked = {"email": "someone@example.net", "ip": "192.0.2.50"} | blocked
    allowed = {"email": "other@example.net", "ip": "192.0.2.51"} | allowed

    sign(client, petition, **blocked)
    sign(client, petition, **allowed)

    assert verdict(blocked["email"]) == (SignatureState.FRAUDULENT, "blocked")
    assert verdict(allowed["email"]) == GENUINE


def test_an_allow_rule_lets_a_shared_office_connection_sign_freely(client, petition):
    AccessRule.objects.create(kind="network", action="allow", value=FLOODER, note="Union office")
    AccessRule.objects.create(kind="domain", action="block", value="union.example")

    for n in range(12):
        sign(client, petition, ip=FLOODER, email=f"member{n}@union.example")

    assert set(Signature.objects.values_list("state", flat=True)) == {SignatureState.PENDING}


@pytest.mark.parametrize(("email", "custom", "builtin", "expected"), [
    ("bot@mailinator.com", "", True, (SignatureState.PENDING, "disposable")),
    ("bot@mailinator.com", "", False, GENUINE),
    ("bot@throwaway.example", "throwaway.example\n", False, (SignatureState.PENDING, "disposable")),
    ("miriam@example.org", "throwaway.example", True, GENUINE),
])
def test_throw_away_addresses_are_marked(client, petition, email, custom, builtin, expected):
    change_settings(disposable_domains=custom, use_builtin_disposable_list=builtin)

    sign(client, petition, email=email)

    assert verdict(email) == expected


@pytest.mark.parametrize(("fields", "expected"), [
    ({"website": "http://cheap.example"}, (SignatureState.FRAUDULENT, "honeypot")),
    ({"elapsed": "1200"}, (SignatureState.PENDING, "too-fast")),
    ({"elapsed": "3000"}, GENUINE),
    ({"elapsed": ""}, GENUINE),  # no JavaScript: nothing measured, nothing held against the signer
    ({"elapsed": None}, (SignatureState.PENDING, "not-our-form")),  # a post that never came from our form
    ({"elapsed": "soon"}, (SignatureState.PENDING, "not-our-form")),
])
def test_robots_filling_the_form_are_marked(client, petition, fields, expected):
    sign(client, petition, **fields)

    assert verdict("miriam@example.org") == expected


def test_a_robot_sees_and_receives_exactly_what_a_supporter_does(client, petition, smtp_server):
    AccessRule.objects.create(kind="network", value=FLOODER)
    url = petition.get_sign_url()
    genuine = client.post(url, form_data(email="miriam@example.org"), REMOTE_ADDR="192.0.2.1", follow=True)
    robot = client.post(url, form_data(email="miriam@example.net"), REMOTE_ADDR=FLOODER, follow=True)

    assert genuine.content == robot.content
    assert verdict("miriam@example.net") == (SignatureState.FRAUDULENT, "blocked")
    deliver_outbox()
    [to_supporter] = smtp_server.to("miriam@example.org")
    [to_robot] = smtp_server.to("miriam@example.net")
    assert to_supporter["Subject"] == to_robot["Subject"]
    for part in ("plain", "html"):
        bodies = [CONFIRM_LINK.sub("LINK", mail.get_body((part,)).get_content()) for mail in (to_supporter, to_robot)]
        assert bodies[0] == bodies[1]
        assert "LINK" in bodies[0]


def test_a_person_without_javascript_signs_and_counts_while_a_post_skipping_our_form_waits_for_review(client,
                                                                                                       petition):
    from clarion.petitions import actions, tokens
    from clarion.petitions.counting import count_round, read_counts

    sign(client, petition, email="no-script@example.org", elapsed="")
    sign(client, petition, email="robot@example.org", elapsed=None)
    for signature in Signature.objects.all():
        assert actions.confirm_signature(tokens.confirmation_token(signature)).outcome == "confirmed"
    count_round()

    assert verdict("no-script@example.org") == (SignatureState.VALIDATED, "")
    assert verdict("robot@example.org") == (SignatureState.HELD, "not-our-form")
    assert read_counts(petition.pk)["total"] == 1
