from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadConfig(AppConfig):
    name = "clarion.spread"
    label = "spread"
    verbose_name = _("Spreading")

    def ready(self):
        from clarion.spread import privacy

        privacy.register()
