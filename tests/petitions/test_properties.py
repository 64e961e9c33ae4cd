"""Whatever supporters and staff do, in whatever order, and whenever the counting rounds happen to run,
the public count ends up equal to the confirmed signatures, in total and per country."""

import pytest
from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from clarion.petitions import actions, tokens
from clarion.petitions.counting import count_round
from clarion.petitions.models import CountryCount, Invalidation, PetitionCount, Signature, SignatureState
from tests.petitions.conftest import change_settings

COUNTRIES = ["IR", "DE", "AF"]


class SigningAndCounting(RuleBasedStateMachine):
    """Runs inside one savepoint per example, rolled back at teardown, on the petition the test created."""

    petition = None
    signatures = Bundle("signatures")
    batches = Bundle("batches")

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.signed = 0
        # What a supporter or an operator expects: confirmed by its owner, not fraudulent, not invalidated.
        self.confirmed, self.fraudulent, self.invalidated = set(), set(), {}

    @initialize()
    def start_counting(self):
        count_round()

    @rule(target=signatures, country=st.sampled_from(COUNTRIES), robot=st.booleans())
    def sign(self, country, robot):
        self.signed += 1
        signing = actions.sign_petition(
            self.petition, name=f"Signer {self.signed}", email=f"signer{self.signed}@example.org", country=country,
            ip=f"192.0.2.{self.signed % 250}", honeypot="filled in" if robot else "",
        )
        if robot:
            self.fraudulent.add(signing.signature.pk)
        return signing.signature.pk

    @rule(pk=signatures)
    def confirm(self, pk):
        outcome = actions.confirm_signature(tokens.confirmation_token(Signature(pk=pk))).outcome
        assert outcome in ("confirmed", "already")
        self.confirmed.add(pk)

    @rule(target=batches, chosen=st.lists(signatures, unique=True, min_size=1, max_size=4))
    def invalidate(self, chosen):
        batch = actions.invalidate_signatures(self.petition, Signature.objects.filter(pk__in=chosen),
                                              criteria={"pks": chosen}, reason="Suspicious")
        newly = set(chosen) - set().union(*self.invalidated.values())
        assert batch.signature_count == len(newly)
        self.invalidated[batch.pk] = newly
        return batch.pk

    @rule(pk=batches)
    def undo(self, pk):
        restored = actions.undo_invalidation(Invalidation.objects.get(pk=pk))
        assert restored == len(self.invalidated.get(pk, ()))
        self.invalidated.pop(pk, None)

    @rule()
    def count(self):
        count_round()

    @invariant()
    def total_is_the_counted_rows(self):
        tally = PetitionCount.objects.filter(petition=self.petition).values_list("count", flat=True).first() or 0
        assert tally == Signature.objects.filter(petition=self.petition, counted=True).count()

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
            expected = self.confirmed - self.fraudulent - set().union(*self.invalidated.values())
            assert set(validated.values_list("pk", flat=True)) == expected
        finally:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)


@pytest.mark.django_db
def test_any_order_of_signing_confirming_invalidating_and_counting_ends_in_the_right_count(petition):
    change_settings(burst_limit=10_000, sustained_limit=10_000, min_fill_seconds=0,
                    use_builtin_disposable_list=False)
    SigningAndCounting.petition = petition
    run_state_machine_as_test(SigningAndCounting, settings=settings(
        max_examples=30, stateful_step_count=20, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    ))
