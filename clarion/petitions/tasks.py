from django_tasks import task

from clarion.petitions import actions, counting
from clarion.petitions.models import PetitionPage


@task()
def count_signatures():
    return {str(pk): change for pk, change in counting.count_round().items()}


@task()
def recount_petitions():
    drift = counting.recount_all(PetitionPage.objects.values_list("pk", flat=True))
    return {str(pk): change for pk, change in drift.items()}


@task()
def apply_privacy_rules():
    actions.drop_unconfirmed_entries(acting_user=None)
    return actions.apply_privacy_rules(acting_user=None)
