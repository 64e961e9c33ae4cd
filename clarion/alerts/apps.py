from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "clarion.alerts"
    label = "alerts"
    verbose_name = _("Action alerts")

    def ready(self):
        from clarion.alerts import privacy

        privacy.register()
