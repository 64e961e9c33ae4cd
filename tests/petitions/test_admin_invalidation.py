"""Staff find a flood of fake signatures, preview them, invalidate them, and can undo it."""

import pytest
from django.urls import reverse

from clarion.petitions.counting import count_round, read_counts
from clarion.petitions.models import Invalidation, Signature, SignatureState
from clarion.petitions.reports import signatures_matching
from tests.petitions.test_admin_support import add_signatures, states

pytestmark = pytest.mark.django_db

V, P, F, X = (SignatureState.VALIDATED, SignatureState.PENDING, SignatureState.FRAUDULENT,
              SignatureState.INVALIDATED)


def invalidate_url(petition):
    return reverse("petitions_admin:invalidate", args=[petition.pk])


def every_state():
    return dict(Signature.objects.values_list("pk", "state"))


def test_a_preview_counts_the_matches_and_changes_nothing(staff, petition):
    bots = add_signatures(petition, 3, ip="203.0.113.5") + add_signatures(petition, 2, ip="203.0.113.77", state=F)
    add_signatures(petition, 4, ip="198.51.100.1")
    before = every_state()

    response = staff.post(invalidate_url(petition), {"network": "203.0.113.0/24"})

    assert response.status_code == 200
    assert response.context["count"] == 5
    assert {s.pk for s in response.context["sample"]} == {s.pk for s in bots}
    assert "Invalidate 5 signatures" in response.content.decode()
    assert every_state() == before
    assert not Invalidation.objects.exists()


def test_confirming_invalidates_exactly_the_range(staff, petition):
    bots = add_signatures(petition, 3, ip="203.0.113.5") + add_signatures(petition, 2, ip="203.0.113.77", state=P)
    people = add_signatures(petition, 4, ip="198.51.100.1") + add_signatures(petition, 1, ip="203.0.114.1")

    response = staff.post(invalidate_url(petition), {"network": "203.0.113.0/24", "confirm": "1",
                                                      "reason": "Botnet"})

    batch = Invalidation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("petitions_admin:invalidations", args=[petition.pk])
    assert (batch.signature_count, batch.reason, batch.criteria) == (5, "Botnet", {"network": "203.0.113.0/24"})
    assert states(bots) == [X] * 5
    assert states(people) == [V] * 5


def test_a_wildcard_domain_matches_its_subdomains_only(staff, petition):
    bots = add_signatures(petition, 2, domain="a.spam.example") + add_signatures(petition, 1, domain="b.spam.example")
    people = add_signatures(petition, 2, domain="spam.example") + add_signatures(petition, 2, domain="example.org")

    staff.post(invalidate_url(petition), {"domain": "*.spam.example", "confirm": "1"})

    assert states(bots) == [X] * 3
    assert states(people) == [V] * 4


def test_an_address_is_found_however_it_was_spelled(petition, settings):
    settings.CLARION_EMAIL_PLUS_TAG_DOMAINS = ["gmail.com"]
    settings.CLARION_EMAIL_DOT_INSENSITIVE_DOMAINS = ["gmail.com"]
    target = add_signatures(petition, email="Jane.Doe+x@gmail.com", canonical_email="janedoe@gmail.com",
                            dedupe_key="janedoe@gmail.com")
    add_signatures(petition, 2)
    assert list(signatures_matching(petition, {"email": "jane.doe@gmail.com"})) == target


def test_undo_restores_every_previous_state(staff, petition):
    mixed = add_signatures(petition, 2, ip="203.0.113.5") + add_signatures(petition, 1, ip="203.0.113.6", state=P) \
        + add_signatures(petition, 1, ip="203.0.113.7", state=F)
    staff.post(invalidate_url(petition), {"network": "203.0.113.0/28", "confirm": "1"})
    batch = Invalidation.objects.get()
    assert states(mixed) == [X] * 4

    log = staff.get(reverse("petitions_admin:invalidations", args=[petition.pk])).content.decode()
    undo_url = reverse("petitions_admin:undo_invalidation", args=[petition.pk, batch.pk])
    assert undo_url in log

    response = staff.post(undo_url)

    assert response.status_code == 302
    assert states(mixed) == [V, V, P, F]
    batch.refresh_from_db()
    assert batch.undone_at is not None
    assert undo_url not in staff.get(reverse("petitions_admin:invalidations", args=[petition.pk])).content.decode()


def test_undo_is_a_post_only(staff, petition):
    add_signatures(petition, ip="203.0.113.5")
    staff.post(invalidate_url(petition), {"network": "203.0.113.5", "confirm": "1"})
    batch = Invalidation.objects.get()
    response = staff.get(reverse("petitions_admin:undo_invalidation", args=[petition.pk, batch.pk]))
    assert response.status_code == 405
    assert Signature.objects.get().state == X


def test_the_count_drops_and_comes_back(staff, petition, django_capture_on_commit_callbacks):
    add_signatures(petition, 6, ip="203.0.113.5")
    add_signatures(petition, 4, ip="198.51.100.1")

    def counted_total():
        with django_capture_on_commit_callbacks(execute=True):
            count_round()
        return read_counts(petition.pk)["total"]

    assert counted_total() == 10
    staff.post(invalidate_url(petition), {"network": "203.0.113.5", "confirm": "1"})
    assert counted_total() == 4
    staff.post(reverse("petitions_admin:undo_invalidation", args=[petition.pk, Invalidation.objects.get().pk]))
    assert counted_total() == 10


def test_a_time_range_selects_by_signing_time(staff, petition):
    add_signatures(petition, 3)
    response = staff.post(invalidate_url(petition), {"since": "2000-01-01 00:00", "until": "2001-01-01 00:00"})
    assert response.context["count"] == 0
    response = staff.post(invalidate_url(petition), {"since": "2000-01-01 00:00"})
    assert response.context["count"] == 3


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Give at least one of"),
    ({"reason": "Bots"}, "Give at least one of"),
    ({"network": "203.0.113.0/33"}, "is not an IP address or a range"),
    ({"network": "not-an-ip"}, "is not an IP address or a range"),
    ({"domain": "spam example"}, "Give a domain such as example.org"),
    ({"email": "nobody"}, "Enter a valid email address"),
    ({"since": "2025-01-02 00:00", "until": "2025-01-01 00:00"}, "must come after its start"),
])
def test_a_form_staff_can_get_wrong_is_shown_again_with_the_reason(staff, petition, data, message):
    add_signatures(petition, 2)
    response = staff.post(invalidate_url(petition), {**data, "confirm": "1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invalidation.objects.exists()


def test_matching_nothing_invalidates_nothing(staff, petition):
    add_signatures(petition, 2, ip="198.51.100.1")
    response = staff.post(invalidate_url(petition), {"network": "203.0.113.5", "confirm": "1"}, follow=True)
    assert response.status_code == 200
    assert response.context["count"] == 0
    assert not Invalidation.objects.exists()


def test_a_link_from_the_trending_report_opens_its_preview(staff, petition):
    add_signatures(petition, 2, ip="203.0.113.5")
    response = staff.get(invalidate_url(petition), {"network": "203.0.113.5"})
    assert response.context["count"] == 2
    assert not Invalidation.objects.exists()


def test_matching_refuses_to_select_a_whole_petition():
    with pytest.raises(ValueError, match="at least one criterion"):
        signatures_matching(None, {"reason": "everything"})


def test_a_range_too_wide_to_query_is_refused_plainly(staff, petition, monkeypatch):
    monkeypatch.setattr("clarion.petitions.reports.MAX_MATCHED_VALUES", 2)
    for n in range(3):
        add_signatures(petition, ip=f"203.0.113.{n + 1}")
    response = staff.post(invalidate_url(petition), {"network": "203.0.113.0/24", "confirm": "1"})
    assert response.status_code == 200
    assert "narrow it down" in response.content.decode()
    assert not Invalidation.objects.exists()
