from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadConfig(AppConfig):
    name = "clarion.spread"
    label = "spread"
    verbose_name = _("Spreading")

    def ready(self):
        from clarion.mail import deferred
        from clarion.spread import privacy
        from clarion.spread.actions import fresh_links_context

        privacy.register()
        deferred.register("spread.fresh_links", fresh_links_context)
