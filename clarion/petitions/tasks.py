from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from clarion.petitions import actions, counting
from clarion.petitions.fraud import petition_settings
from clarion.petitions.models import PetitionPage
from clarion.supporters.actions import forget_consent_ips as forget_consent_ips_before


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


@task()
def forget_consent_ips():
    """The IP retention setting (Settings › Petition settings) holds for consent records as for signatures."""
    return forget_consent_ips_before(timezone.now() - timedelta(days=petition_settings().ip_retention_days))
