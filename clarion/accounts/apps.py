from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "clarion.accounts"
    label = "accounts"
    verbose_name = _("Admin accounts")

    def ready(self):
        from clarion.accounts.tasks import SWEEP_SECONDS, forget_old_sign_in_failures
        from clarion.core.schedule import register_periodic

        register_periodic(forget_old_sign_in_failures, SWEEP_SECONDS)
