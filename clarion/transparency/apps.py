from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "clarion.transparency"
    label = "transparency"
    verbose_name = _("Transparency log")

    def ready(self):
        from clarion.core.schedule import DAY, register_periodic
        from clarion.petitions import signing
        from clarion.transparency import log, receipts, tasks

        signing.register_confirmed(receipts.issue)
        signing.register_count_change(log.record_count_change)
        signing.register_mail_context(receipts.mail_context)
        register_periodic(tasks.forget_receipt_secrets, DAY)
