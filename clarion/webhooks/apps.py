from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "clarion.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from clarion.core import supporter_data
        from clarion.core.schedule import DAY, register_periodic
        from clarion.petitions import announce, signing
        from clarion.supporters import announce as supporter_announce
        from clarion.webhooks import listeners, rounds, tasks

        signing.register_count_change(listeners.signatures_counted)
        announce.register_threshold_reached(listeners.threshold_reached)
        announce.register_delivered(listeners.delivered)
        supporter_announce.register_subscription_change(listeners.subscription_changed)
        # First, while the address is still there to be hashed for the endpoints.
        supporter_data.register_erasure(listeners.supporter_erased)
        register_periodic(rounds.sweep_webhooks, 5)
        register_periodic(tasks.announce_closed_petitions, "CLARION_SCHEDULE_INTERVAL")
        register_periodic(tasks.forget_old_events, DAY)
