"""Whatever supporters and staff do, in whatever order, and whenever the counting rounds happen to run,
the public count ends up equal to the confirmed signatures that are neither held for review nor rejected, in
total and per country."""

import pytest
from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from clarion.petitions import actions, tokens
from clarion.petitions.counting import count_round
from clarion.petitions.models import CountryCount, Invalidation, PetitionCount, Signature, SignatureState
from tests.petitions.conftest import change_settings

COUNTRIES = ["IR", "DE", "AF"]
# A person fills in the form at a person's pace; a hurried one trips the soft fill-time check (held once
# confirmed); a robot fills in the hidden field (fraudulent).
KINDS = ["person", "hurried", "robot"]
ELAPSED_MS = {"person": 8000, "hurried": 100, "robot": 8000}


class SigningAndCounting(RuleBasedStateMachine):
    """Runs inside one savepoint per example, rolled back at teardown, on the petition the test created.

    People sign, sign again (with other choices, in a hurry, or as a robot would), and confirm any of their
    entries: the first entry a person confirms is theirs; their other entries are dropped, and a later click on
    one of them is "replaced". A hurried entry, once confirmed, waits for review; staff release or reject any
    signatures, and only held ones (or rejected ones, on release) move. Each person counts at most once, with
    the entry they confirmed, once nothing holds it back.
    """

    petition = None
    signatures = Bundle("signatures")
    confirmed = Bundle("confirmed")
    batches = Bundle("batches")

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.people = 0
        self.person_of, self.country_of = {}, {}
        self.winner = {}  # person -> the entry they confirmed
        self.dropped = set()
        # What a supporter or an operator expects: confirmed by its owner, not fraudulent, not invalidated.
        self.fraudulent, self.invalidated = set(), {}
        self.hurried = set()
        self.review = {}  # confirmed hurried entry -> "held", "released" or "rejected"

    @initialize()
    def start_counting(self):
        count_round()

    def _sign(self, person, country, kind):
        signing = actions.sign_petition(
            self.petition, name=f"Signer {person}", email=f"signer{person}@example.org", country=country,
            ip=f"192.0.2.{person % 250}", honeypot="filled in" if kind == "robot" else "",
            elapsed_ms=ELAPSED_MS[kind],
        )
        if person in self.winner:
            assert signing.signature is None  # a confirmed person is told they signed; nothing is stored
            return multiple()
        pk = signing.signature.pk
        self.person_of[pk], self.country_of[pk] = person, country
        if kind == "robot":
            self.fraudulent.add(pk)
        if kind == "hurried":
            self.hurried.add(pk)
        return pk

    @rule(target=signatures, country=st.sampled_from(COUNTRIES), kind=st.sampled_from(KINDS))
    def sign(self, country, kind):
        self.people += 1
        return self._sign(self.people, country, kind)

    @rule(target=signatures, earlier=signatures, country=st.sampled_from(COUNTRIES), kind=st.sampled_from(KINDS))
    def sign_again(self, earlier, country, kind):
        return self._sign(self.person_of[earlier], country, kind)

    @rule(target=confirmed, pk=signatures)
    def confirm(self, pk):
        person = self.person_of[pk]
        outcome = actions.confirm_signature(tokens.confirmation_token(Signature(pk=pk, petition=self.petition)))
        if self.winner.get(person) == pk:
            assert outcome.outcome == "already"
        elif person in self.winner:
            assert outcome.outcome == "replaced"
        else:
            assert outcome.outcome == "confirmed"
            self.winner[person] = pk
            if pk in self.hurried:
                self.review[pk] = "held"
            others = {other for other, owner in self.person_of.items() if owner == person and other != pk}
            self.dropped |= others
            for chosen in self.invalidated.values():
                chosen -= others
            return pk
        return multiple()

    @rule(target=batches, chosen=st.lists(signatures, unique=True, min_size=1, max_size=4))
    def invalidate(self, chosen):
        batch = actions.invalidate_signatures(self.petition, Signature.objects.filter(pk__in=chosen),
                                              criteria={"pks": chosen}, reason="Suspicious")
        newly = set(chosen) - set().union(*self.invalidated.values()) - self.dropped
        assert batch.signature_count == len(newly)
        self.invalidated[batch.pk] = newly
        return batch.pk

    @rule(pk=batches)
    def undo(self, pk):
        restored = actions.undo_invalidation(Invalidation.objects.get(pk=pk))
        assert restored == len(self.invalidated.get(pk, ()))
        self.invalidated.pop(pk, None)

    def _reviewable(self, chosen, states):
        out = set().union(*self.invalidated.values())
        return {pk for pk in chosen if pk not in out and self.review.get(pk) in states}

    @rule(chosen=st.lists(confirmed, unique=True, min_size=1, max_size=3))
    def release(self, chosen):
        moving = self._reviewable(chosen, ("held", "rejected"))
        result = actions.release_signatures(Signature.objects.filter(pk__in=chosen), acting_user=None)
        assert result.done == len(moving)
        self.review |= dict.fromkeys(moving, "released")

    @rule(chosen=st.lists(confirmed, unique=True, min_size=1, max_size=3))
    def reject(self, chosen):
        moving = self._reviewable(chosen, ("held",))
        result = actions.reject_signatures(Signature.objects.filter(pk__in=chosen), acting_user=None)
        assert result.done == len(moving)
        self.review |= dict.fromkeys(moving, "rejected")

    @rule()
    def count(self):
        count_round()

    @invariant()
    def total_is_the_counted_rows(self):
        tally = PetitionCount.objects.filter(petition=self.petition).values_list("count", flat=True).first() or 0
        assert tally == Signature.objects.filter(petition=self.petition, counted=True).count()

    @invariant()
    def each_person_is_confirmed_at_most_once(self):
        confirmed = Signature.objects.filter(petition=self.petition, confirmed_at__isnull=False)
        assert set(confirmed.values_list("pk", flat=True)) == set(self.winner.values())

    def teardown(self):
        try:
            count_round()
            validated = Signature.objects.filter(petition=self.petition, state=SignatureState.VALIDATED)
            by_country = dict(validated.values_list("country").annotate(n=Count("pk")).values_list("country", "n"))
            tallies = dict(CountryCount.objects.filter(petition=self.petition, count__gt=0)
                           .values_list("country", "count"))
            total = PetitionCount.objects.filter(petition=self.petition).values_list("count", flat=True).first()
            assert (total or 0) == validated.count()
            assert tallies == by_country
            waiting = {pk for pk, decision in self.review.items() if decision != "released"}
            expected = (set(self.winner.values()) - self.fraudulent - waiting
                        - set().union(*self.invalidated.values()))
            assert set(validated.values_list("pk", flat=True)) == expected
            # Each counted person counts under the country of the entry they confirmed.
            assert {pk: country for pk, country in validated.values_list("pk", "country")} == {
                pk: self.country_of[pk] for pk in expected}
            assert not Signature.objects.filter(pk__in=self.dropped).exists()
        finally:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)


@pytest.mark.django_db
def test_any_order_of_signing_confirming_invalidating_and_counting_ends_in_the_right_count(petition):
    change_settings(burst_limit=10_000, sustained_limit=10_000, min_fill_seconds=3,
                    use_builtin_disposable_list=False, address_mail_limit=1_000)
    SigningAndCounting.petition = petition
    run_state_machine_as_test(SigningAndCounting, settings=settings(
        max_examples=30, stateful_step_count=20, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    ))
