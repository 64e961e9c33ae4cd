"""A signature's life: confirmed by its link (once, in time), then, long after the petition closed, reduced to
a number. A petition's life: it opens and closes on schedule."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from freezegun import freeze_time

from clarion.mail.models import OutboxMessage
from clarion.petitions import actions, counting, lifecycle, tokens
from clarion.petitions.counting import count_round, read_counts
from clarion.petitions.models import PetitionPage, PetitionState, Signature, SignatureState
from clarion.spread.tokens import read_signer_token
from tests.petitions.conftest import (
    CONFIRM_LINK,
    change_settings,
    deliver_outbox,
    link_path,
    make_petition,
    sign,
)

pytestmark = pytest.mark.django_db



@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


def confirm_url(signature):
    """The link from the confirmation e-mail the supporter received when she signed."""
    deliver_outbox()
    mail = OutboxMessage.objects.filter(to=signature.email, subject__startswith="Please confirm").latest("pk")
    return link_path(CONFIRM_LINK.search(mail.text_body).group(0))


def thank_you_mails():
    deliver_outbox()
    return OutboxMessage.objects.filter(subject__startswith="Thank you for signing").count()


def signed(client, petition, email="miriam@example.org", **fields):
    sign(client, petition, email=email, **fields)
    deliver_outbox()  # as the worker does within seconds: the link's age counts from then
    return Signature.objects.get(email=email)


def test_confirming_validates_the_signature_and_thanks_the_supporter(client, petition):
    signature = signed(client, petition)

    response = client.get(confirm_url(signature))

    assert response.status_code == 302
    assert response["Location"].startswith(f"/petitions/{petition.pk}/thanks/")  # + the signer's private token
    assert "Thank you: your signature is confirmed" in client.get(response["Location"]).content.decode()
    signature.refresh_from_db()
    assert signature.state == SignatureState.VALIDATED and signature.confirmed_at is not None
    assert thank_you_mails() == 1


def test_clicking_the_link_twice_is_harmless(now, client, petition):
    signature = signed(client, petition)

    first = client.get(confirm_url(signature))
    second = client.get(confirm_url(signature))

    # Both land on the same signer's thank-you page (each address is sealed afresh, so the links differ).
    assert first.status_code == second.status_code == 302
    landed = {read_signer_token(answer["Location"].rstrip("/").rsplit("/", 1)[-1]) for answer in (first, second)}
    assert landed == {signature.pk}
    assert thank_you_mails() == 1


def altered(url):
    token = url.split("/")[-2]
    return url.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))


@pytest.mark.parametrize("damage", [altered, lambda url: url[:-12] + "/", lambda url: "/petitions/confirm/1/"])
def test_a_damaged_link_explains_itself(client, petition, damage):
    response = client.get(damage(confirm_url(signed(client, petition))))

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert Signature.objects.get().state == SignatureState.PENDING


def test_a_link_older_than_the_confirmation_period_has_expired(now, client, petition):
    change_settings(confirmation_days=7)
    with freeze_time(now):
        signature = signed(client, petition)
    with freeze_time(now + timedelta(days=6, hours=23)):
        assert client.get(confirm_url(signature)).status_code == 302

    late = signed(client, petition, email="dariush@example.org")
    with freeze_time(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.get(confirm_url(late))

    assert response.status_code == 410
    assert "This confirmation link has expired" in response.content.decode()
    assert Signature.objects.get(pk=late.pk).state == SignatureState.PENDING


@pytest.mark.parametrize(("after_closing", "status"), [(timedelta(hours=23), 302), (timedelta(hours=25), 410)])
def test_a_signature_made_before_closing_can_be_confirmed_for_a_day(now, client, db, after_closing, status):
    closes_at = now + timedelta(hours=1)
    petition = make_petition(closes_at=closes_at)
    with freeze_time(now):
        signature = signed(client, petition)

    with freeze_time(closes_at + after_closing):
        response = client.get(confirm_url(signature))

    assert response.status_code == status
    if status == 410:
        assert "This petition is not taking signatures" in response.content.decode()
    expected = SignatureState.VALIDATED if status == 302 else SignatureState.PENDING
    assert Signature.objects.get().state == expected


def test_a_fraudulent_signature_confirms_like_any_other_but_never_counts(client, petition):
    genuine = signed(client, petition, email="miriam@example.org")
    robot = signed(client, petition, email="robot@example.org", website="I am a form filler")

    robot_page, genuine_page = (client.get(confirm_url(s))["Location"] for s in (robot, genuine))
    assert robot_page.split("/thanks/")[0] == genuine_page.split("/thanks/")[0]  # only the private token differs
    count_round()
    assert Signature.objects.get(pk=robot.pk).state == SignatureState.FRAUDULENT
    assert counting.recount(petition.pk) == 0
    assert read_counts(petition.pk)["total"] == 1


def test_an_anonymised_signatures_link_no_longer_works(client, petition):
    signature = signed(client, petition)
    lifecycle.anonymise(signature)

    assert client.get(confirm_url(signature)).status_code == 400


def schedule(petition, **fields):
    PetitionPage.objects.filter(pk=petition.pk).update(**fields)


def test_petitions_open_and_close_on_schedule(now, client, db):
    draft = make_petition(state=PetitionState.DRAFT, opens_at=now + timedelta(hours=1), closes_at=None)
    assert sign(client, draft).status_code == 403

    with freeze_time(now + timedelta(hours=2)):
        assert PetitionPage.objects.get(pk=draft.pk).public_state() == PetitionState.OPEN
        assert sign(client, draft).status_code == 302

    schedule(draft, closes_at=now + timedelta(hours=3))
    with freeze_time(now + timedelta(hours=4)):
        assert PetitionPage.objects.get(pk=draft.pk).public_state() == PetitionState.CLOSED
        assert sign(client, draft, email="later@example.org").status_code == 403
        assert not PetitionPage.still_open().filter(pk=draft.pk).exists()


def test_a_draft_without_an_opening_time_waits_for_an_editor(now, db):
    draft = make_petition(state=PetitionState.DRAFT, opens_at=None, closes_at=None)

    with freeze_time(now + timedelta(days=30)):
        assert PetitionPage.objects.get(pk=draft.pk).public_state() == PetitionState.DRAFT
        assert PetitionPage.still_open().filter(pk=draft.pk).exists()


def test_a_won_petition_is_not_reopened_or_closed(now, db):
    won = make_petition(state=PetitionState.WON, opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1))

    assert PetitionPage.objects.get(pk=won.pk).public_state() == PetitionState.WON


def test_an_editor_closing_a_petition_early_closes_it(now, client, db):
    closed = make_petition(state=PetitionState.CLOSED, closes_at=now + timedelta(days=9))

    assert sign(client, closed).status_code == 403
    assert not PetitionPage.still_open().filter(pk=closed.pk).exists()


@pytest.fixture
def counted_signatures(client, petition):
    """Three confirmed, counted signatures from two countries, with IP addresses and comments."""
    for n, country in enumerate(["IR", "IR", "DE"]):
        signature = signed(client, petition, email=f"s{n}@example.org", country=country, ip=f"198.51.100.{n}",
                           comment="For the families.", postal_code="10115")
        actions.confirm_signature(tokens.confirmation_token(signature))
    count_round()
    return petition


def age(petition, days):
    """Make every signature on the petition `days` old."""
    Signature.objects.filter(petition=petition).update(created_at=timezone.now() - timedelta(days=days))


def test_ip_addresses_are_dropped_after_the_retention_period(now, counted_signatures):
    petition = counted_signatures
    change_settings(ip_retention_days=30, anonymise_months=12)
    schedule(petition, state=PetitionState.CLOSED, closes_at=now - timedelta(days=29))

    age(petition, 29)
    assert actions.apply_privacy_rules(now) == (0, 0)

    age(petition, 31)
    assert actions.apply_privacy_rules(now) == (3, 0)
    assert not Signature.objects.filter(ip_address__isnull=False).exists()
    assert Signature.objects.filter(name="", postal_code="").count() == 0


def test_ip_addresses_are_dropped_on_a_petition_that_never_closes(now, client, db):
    petition = make_petition(closes_at=None)
    change_settings(ip_retention_days=30)
    old = signed(client, petition, email="early@example.org", ip="198.51.100.1")
    age(petition, 31)
    recent = signed(client, petition, email="recent@example.org", ip="198.51.100.2")

    assert actions.apply_privacy_rules(now) == (1, 0)

    assert Signature.objects.get(pk=old.pk).ip_address is None
    assert Signature.objects.get(pk=recent.pk).ip_address == "198.51.100.2"


def test_an_entry_nobody_confirmed_is_deleted_once_its_link_can_no_longer_work(now, client, db):
    """A stranger's submission in someone's name is not kept beyond the life of its link, even on a petition
    that never closes; confirmed signatures and entries whose link still works stay."""
    from clarion.petitions.tasks import apply_privacy_rules

    petition = make_petition(closes_at=None)
    change_settings(confirmation_days=30)
    kept = signed(client, petition, email="owner@example.org")
    actions.confirm_signature(tokens.confirmation_token(kept))
    stranger = signed(client, petition, email="someone.else@example.org", name="Not Her")
    age(petition, 32)
    fresh = signed(client, petition, email="fresh@example.org")

    apply_privacy_rules.call()

    assert set(Signature.objects.values_list("pk", flat=True)) == {kept.pk, fresh.pk}
    assert stranger.pk not in Signature.objects.values_list("pk", flat=True)


def test_ip_addresses_must_outlive_the_long_rate_limit_window(db):
    from django.core.exceptions import ValidationError

    from clarion.petitions.models import PetitionSettings

    config = PetitionSettings(ip_retention_days=0, sustained_hours=24)
    with pytest.raises(ValidationError, match="at least as long as the long rate-limit window"):
        config.clean()
    config.ip_retention_days = 1
    config.clean()


def test_signatures_are_anonymised_later_and_the_count_stands(now, counted_signatures):
    petition = counted_signatures
    change_settings(anonymise_months=12, country_figures_minimum=1)
    before = counting.read_counts(petition.pk)
    schedule(petition, state=PetitionState.CLOSED, closes_at=now - timedelta(days=366))

    actions.apply_privacy_rules(now)

    for signature in Signature.objects.all():
        assert (signature.name, signature.postal_code, signature.comment, signature.ip_address) == ("", "", "", None)
        # Nor does it lead to who signed through the supporter record, which may well still be live.
        assert signature.supporter_id is None
        assert signature.email.endswith("@anonymised.invalid")
        assert signature.anonymised_at is not None
    assert not Signature.objects.filter(email__contains="example.org").exists()
    assert counting.recount(petition.pk) == 0
    count_round()
    cache.clear()
    assert read_counts(petition.pk) == before == {"total": 3, "by_country": {"IR": 2, "DE": 1}}
    assert actions.apply_privacy_rules(now) == (0, 0)
