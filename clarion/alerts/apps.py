from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "clarion.alerts"
    label = "alerts"
    verbose_name = _("Action alerts")

    def ready(self):
        from clarion.alerts import conf, privacy, sending
        from clarion.alerts.signals import senders_wanted
        from clarion.alerts.status import mailings_section
        from clarion.alerts.tasks import restart_stalled_senders, run_mailings
        from clarion.core.schedule import register_periodic
        from clarion.core.status import register_status

        privacy.register()
        senders_wanted.connect(sending.queue_senders, dispatch_uid="clarion-alerts-queue-senders")
        register_periodic(run_mailings, "CLARION_SCHEDULE_INTERVAL")
        register_status("mailings", mailings_section)
        register_periodic(restart_stalled_senders, lambda: conf.claim_timeout() / 4)
