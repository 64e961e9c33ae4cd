from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "clarion.dashboard"
    label = "dashboard"
    verbose_name = _("Campaign dashboard")

    def ready(self):
        from clarion.core.schedule import register_periodic
        from clarion.dashboard.tasks import roll_up_hourly_figures

        register_periodic(roll_up_hourly_figures, "CLARION_SCHEDULE_INTERVAL")
