from django_tasks import task

from clarion.petitions import counting, lifecycle
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
    lifecycle.drop_unconfirmed_entries()
    return lifecycle.apply_privacy_rules()
