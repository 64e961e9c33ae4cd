from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportersConfig(AppConfig):
    name = "clarion.supporters"
    label = "supporters"
    verbose_name = _("Supporters")

    def ready(self):
        from wagtail import signals

        from clarion.core.schedule import DAY, register_periodic
        from clarion.mail.signals import address_refused
        from clarion.supporters import tasks, webhooks  # noqa: F401  (webhooks connects the bounce receiver)
        from clarion.supporters.actions import record_notices_when_published, stop_mailing_refused_address

        register_periodic(tasks.erase_expired_supporters, DAY)
        address_refused.connect(stop_mailing_refused_address, dispatch_uid="clarion-supporters-refused-address")
        for signal in (signals.page_published, signals.published):
            signal.connect(record_notices_when_published, dispatch_uid=f"clarion-consent-notices-{id(signal)}")
