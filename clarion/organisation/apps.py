from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "clarion.organisation"
    label = "organisation"
    verbose_name = "Organisation"

    def ready(self):
        from clarion.organisation import identity

        identity.forget_on_change()
