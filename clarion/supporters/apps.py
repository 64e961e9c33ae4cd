from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportersConfig(AppConfig):
    name = "clarion.supporters"
    label = "supporters"
    verbose_name = _("Supporters")

    def ready(self):
        from clarion.supporters import webhooks  # noqa: F401  (connects the bounce receiver)
