"""Seven students sign from their university's one address: the sixth and seventh are held for review, not
discarded. Pete, who watches over the petition, sees why, releases them (one, then the rest at once) and the
count rises by exactly that; a rejected one stays out; an editor without the right changes nothing."""

import re
from html import unescape
from importlib import import_module
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import PageLogEntry

from clarion.petitions import actions, counting, review, tokens
from clarion.petitions.counting import count_round, read_counts
from clarion.petitions.models import Signature, SignatureState
from clarion.transparency.models import Receipt
from tests.petitions.conftest import change_settings, deliver_outbox, sign
from tests.petitions.test_admin_support import add_signatures

pytestmark = pytest.mark.django_db

CAMPUS = "203.0.113.40"
HELD_LIST = "petitions_admin:held"
REVIEW = "petitions_admin:review"
SEALED = re.compile(r"gAAAA[\w=-]+")  # a signer's private, sealed link token


def students_sign_and_confirm(client, petition, count, ip=CAMPUS, first=0):
    """`count` different people sign from one address within a minute and each clicks their own link."""
    with freeze_time():
        for n in range(first, first + count):
            answer = sign(client, petition, ip=ip, email=f"student{n}@uni.example", name=f"Student {n}")
            assert answer.status_code == 302
    unconfirmed = Signature.objects.filter(ip_address=ip, confirmed_at__isnull=True).order_by("pk")
    return [client.get(reverse("petitions:confirm", args=[tokens.confirmation_token(signature)]))
            for signature in unconfirmed]


def state(email):
    return Signature.objects.values_list("state", "fraud_reason").get(email=email)


def public_count(petition):
    """The figure visitors see once the counting task has run (and its commit has emptied the cache)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        count_round()
    return read_counts(petition.pk)["total"]


def decide(client, decision, *signatures):
    return client.post(reverse(REVIEW), {"decision": decision, "signatures": [s.pk for s in signatures]},
                       follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def campus(client, petition):
    """Seven confirmed students from one address; the count has run."""
    pages = students_sign_and_confirm(client, petition, 7)
    public_count(petition)
    return pages


def test_the_seventh_confirmed_student_from_one_address_is_held_with_its_reason_not_counted(
        client, petition, campus, staff):
    assert [state(f"student{n}@uni.example") for n in range(5)] == [(SignatureState.VALIDATED, "")] * 5
    assert state("student6@uni.example") == (SignatureState.HELD, "rate-burst")
    assert read_counts(petition.pk)["total"] == 5
    assert counting.recount(petition.pk) == 0
    # Every student lands on the same kind of thank-you page: nothing tells a robot it was caught.
    assert {page.status_code for page in campus} == {302}
    assert {page["Location"].split("/thanks/")[0] for page in campus} == {f"/petitions/{petition.pk}"}

    assert review.held_count(petition) == 2
    listing = staff.get(reverse(HELD_LIST), {"petition": petition.pk})
    html = listing.content.decode()
    assert "Student 6" in html and "Student 5" in html and "Student 4" not in html
    assert "Many signatures from one IP address in the short window" in html
    overview = staff.get(reverse("petitions_admin:overview")).content.decode()
    assert 'data-held="2"' in overview
    assert "Many signatures from one IP address in the short window: 2" in overview
    browser = staff.get(reverse("petition_signatures:index"), {"state": "held"})
    assert {s.email for s in browser.context["object_list"]} == {"student5@uni.example", "student6@uni.example"}


def test_a_held_student_is_thanked_exactly_as_a_counted_one_and_told_no_untruth(client, petition, smtp_server):
    students_sign_and_confirm(client, petition, 7)
    deliver_outbox()

    counted, held = ([m for m in smtp_server.to(f"student{n}@uni.example") if m["Subject"].startswith("Thank")]
                     for n in (0, 6))
    assert len(counted) == len(held) == 1
    codes = {n: Signature.objects.get(email=f"student{n}@uni.example").supporter.referral_code for n in (0, 6)}
    # Each gets a receipt: the held one's would count the moment an editor releases it.
    receipts = {n: Receipt.objects.get(signature__email=f"student{n}@uni.example").secret for n in (0, 6)}
    for part in ("plain", "html"):
        bodies = [SEALED.sub("LINK", mail[0].get_body((part,)).get_content()).replace(receipts[n], "RECEIPT")
                  .replace(f"Student {n}", "NAME").replace(codes[n], "CODE") for mail, n in ((counted, 0), (held, 6))]
        assert bodies[0] == bodies[1]
        assert "counts" not in bodies[0]  # a held signature does not count yet, and may never


def test_pete_releases_one_then_the_rest_at_once_and_the_count_rises_by_exactly_that(petition, campus, staff):
    held = list(Signature.objects.filter(state=SignatureState.HELD).order_by("pk"))
    before = read_counts(petition.pk)["total"]

    answer = decide(staff, "release", held[0])

    assert "1 signature released: it counts from the next counting round." in messages_of(answer)
    assert read_counts(petition.pk)["total"] == before  # not before the counter runs
    assert public_count(petition) == before + 1
    decide(staff, "release", *held)  # the bulk release, with the one already released among them
    assert public_count(petition) == before + 2
    assert counting.recount(petition.pk) == 0  # the nightly recount agrees
    assert review.held_count(petition) == 0
    entries = PageLogEntry.objects.filter(page=petition, action=actions.RELEASED).order_by("pk")
    assert [(entry.user.username, entry.data["signatures"]) for entry in entries] == [
        ("staff", [held[0].pk]), ("staff", [held[1].pk])]
    assert "Student" not in " ".join(entry.label for entry in entries)  # the history names no signer


def test_releasing_twice_changes_nothing_and_says_so(petition, campus, staff):
    held = Signature.objects.filter(state=SignatureState.HELD).first()
    decide(staff, "release", held)
    counted = public_count(petition)

    answer = decide(staff, "release", held)

    assert "1 was released already." in messages_of(answer)
    assert public_count(petition) == counted
    assert PageLogEntry.objects.filter(page=petition, action=actions.RELEASED).count() == 1


def test_a_rejected_signature_stays_out_and_a_released_one_cannot_be_rejected(petition, campus, staff):
    first, second = Signature.objects.filter(state=SignatureState.HELD).order_by("pk")
    counted = read_counts(petition.pk)["total"]

    rejected = decide(staff, "reject", first)
    decide(staff, "release", second)
    refused = decide(staff, "reject", second)

    assert "1 signature rejected: it will not count." in messages_of(rejected)
    assert any("invalidate it" in message for message in messages_of(refused))
    assert Signature.objects.get(pk=first.pk).state == SignatureState.REJECTED
    assert Signature.objects.get(pk=second.pk).state == SignatureState.VALIDATED
    assert public_count(petition) == counted + 1
    assert counting.recount(petition.pk) == 0


def test_an_editor_who_rejected_one_by_mistake_releases_it_and_it_counts(petition, campus, staff):
    rejected = Signature.objects.filter(state=SignatureState.HELD).first()
    decide(staff, "reject", rejected)
    counted = public_count(petition)

    decide(staff, "release", rejected)

    assert public_count(petition) == counted + 1
    assert [entry.action for entry in PageLogEntry.objects.filter(page=petition).order_by("pk")][-2:] == [
        actions.REJECTED, actions.RELEASED]


def test_an_editor_who_may_only_read_signatures_cannot_release_them(client, petition, campus, django_user_model):
    editor = django_user_model.objects.create_user("reader", "reader@example.org", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    readers = Group.objects.create(name="Petition readers")
    readers.permissions.add(Permission.objects.get(codename="view_signature"))
    editor.groups.add(readers)
    client.force_login(editor)
    held = Signature.objects.filter(state=SignatureState.HELD).first()

    listing = client.get(reverse(HELD_LIST))
    answer = client.post(reverse(REVIEW), {"decision": "release", "signatures": [held.pk]})

    assert listing.status_code == 200 and "Student 6" in listing.content.decode()
    assert 'value="release"' not in listing.content.decode()
    assert answer.status_code == 403
    assert Signature.objects.get(pk=held.pk).state == SignatureState.HELD
    assert public_count(petition) == 5


@pytest.mark.parametrize("data", [
    {"signatures": ["1"]},
    {"decision": "count-twice", "signatures": ["1"]},
    {"decision": "release", "signatures": ["one"]},
    {"decision": "release", "signatures": [str(2**64)]},
    {"decision": "release", "signatures": ["-1"]},
])
def test_a_garbled_review_is_refused_clearly(staff, data):
    answer = staff.post(reverse(REVIEW), data)

    assert answer.status_code == 400
    assert "Choose Release or Reject" in answer.content.decode()


def test_with_the_option_on_distinct_confirmed_mailboxes_from_one_address_count_up_to_the_higher_limit(
        client, petition):
    change_settings(count_shared_addresses=True, shared_address_limit=7)

    students_sign_and_confirm(client, petition, 9)

    assert public_count(petition) == 7
    assert [state(f"student{n}@uni.example")[0] for n in (7, 8)] == [SignatureState.HELD] * 2


def test_the_same_mailbox_again_behind_a_shared_address_is_held_even_with_the_option_on(client, petition):
    change_settings(count_shared_addresses=True, shared_address_limit=50, household_rule=True)
    students_sign_and_confirm(client, petition, 5)
    with freeze_time():
        # A second person under the household rule: same mailbox, another name; no new evidence of a person.
        sign(client, petition, ip=CAMPUS, email="student0@uni.example", name="Another Student")
    second = Signature.objects.get(name="Another Student")
    client.get(reverse("petitions:confirm", args=[tokens.confirmation_token(second)]))

    assert Signature.objects.get(pk=second.pk).state == SignatureState.HELD


def test_a_hidden_field_filled_in_is_still_plainly_fraudulent_and_never_held(client, petition):
    students_sign_and_confirm(client, petition, 0)
    sign(client, petition, email="robot@example.net", website="http://cheap.example")
    robot = Signature.objects.get(email="robot@example.net")
    client.get(reverse("petitions:confirm", args=[tokens.confirmation_token(robot)]))

    assert state("robot@example.net") == (SignatureState.FRAUDULENT, "honeypot")
    assert review.held_count(petition) == 0


def test_pete_releases_every_one_his_filter_shows_and_nothing_else(client, petition, staff):
    students_sign_and_confirm(client, petition, 8)
    with freeze_time():
        sign(client, petition, ip="198.51.100.70", email="quick@example.org", elapsed="500")
    quick = Signature.objects.get(email="quick@example.org")
    client.get(reverse("petitions:confirm", args=[tokens.confirmation_token(quick)]))
    listing = staff.get(reverse(HELD_LIST), {"petition": petition.pk, "reason": "rate-burst"})
    shown = listing.context["up_to"]
    students_sign_and_confirm(client, petition, 1, first=8)
    late = Signature.objects.get(email="student8@uni.example")

    answer = staff.post(reverse(REVIEW), {"decision": "release", "scope": "all", "petition": petition.pk,
                                          "reason": "rate-burst", "up_to": shown}, follow=True)

    assert "3 signatures released: they count from the next counting round." in messages_of(answer)
    assert state("quick@example.org") == (SignatureState.HELD, "too-fast")  # another reason: not shown
    assert Signature.objects.get(pk=late.pk).state == SignatureState.HELD  # held after the page was drawn
    assert review.held_counts([petition.pk]) == {petition.pk: 2}


@pytest.mark.parametrize("fields", [{"up_to": ""}, {"up_to": "x"}, {"up_to": "5", "petition": "999999"}])
def test_a_garbled_release_of_everything_shown_is_refused(staff, petition, fields):
    answer = staff.post(reverse(REVIEW), {"decision": "release", "scope": "all"} | fields)

    assert answer.status_code == 400


def test_upgrading_puts_people_discarded_before_in_front_of_an_editor(petition):
    upgrade = import_module("clarion.petitions.migrations.0009_hold_confirmed_signatures_for_review")
    now = timezone.now()
    discarded = add_signatures(petition, 2, state=SignatureState.FRAUDULENT, fraud_reason="rate-burst",
                               confirmed_at=now)
    unconfirmed = add_signatures(petition, 1, state=SignatureState.FRAUDULENT, fraud_reason="too-fast")
    robot = add_signatures(petition, 1, state=SignatureState.FRAUDULENT, fraud_reason="honeypot", confirmed_at=now)

    upgrade.hold_discarded_signers(apps, None)

    found = dict(Signature.objects.values_list("pk", "state"))
    assert [found[s.pk] for s in discarded + unconfirmed + robot] == [
        SignatureState.HELD, SignatureState.HELD, SignatureState.PENDING, SignatureState.FRAUDULENT]


def test_the_held_listings_pages_keep_its_filters(petition, campus, staff, monkeypatch):
    from clarion.petitions.admin import review as review_admin

    monkeypatch.setattr(review_admin, "PER_PAGE", 1)
    first = staff.get(reverse(HELD_LIST), {"petition": petition.pk, "reason": "rate-burst"}).content.decode()
    [next_link] = re.findall(r'<a href="(\?[^"]*)">Next</a>', first)
    assert parse_qs(urlsplit(unescape(next_link)).query) == {
        "petition": [str(petition.pk)], "reason": ["rate-burst"], "p": ["2"]}
    second = staff.get(reverse(HELD_LIST) + unescape(next_link)).content.decode()
    assert "Page 2 of 2" in second and "Previous" in second
