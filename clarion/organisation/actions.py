"""Changing who the site speaks for outside the admin (the demo does; editors use Settings › Organisation)."""

from wagtail.log_actions import log

from clarion.organisation.models import OrganisationSettings


def describe_organisation(site, *, acting_user=None, **values):
    """Set the organisation's name, addresses or logo for `site`; fields not given stay as they are."""
    organisation = OrganisationSettings.objects.filter(site=site).first() or OrganisationSettings(site=site)
    for field, value in values.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save()
    log(instance=organisation, action="wagtail.edit", user=acting_user)
    return organisation
