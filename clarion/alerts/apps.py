from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "clarion.alerts"
    label = "alerts"
    verbose_name = _("Action alerts")

    def ready(self):
        from clarion.alerts import privacy
        from clarion.alerts.tasks import run_mailings
        from clarion.core.schedule import register_periodic

        privacy.register()
        register_periodic(run_mailings, "CLARION_SCHEDULE_INTERVAL")
