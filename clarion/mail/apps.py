from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "clarion.mail"
    label = "mail"
    verbose_name = "Mail"

    def ready(self):
        from clarion.core.schedule import DAY, register_periodic
        from clarion.core.status import register_status
        from clarion.mail import privacy
        from clarion.mail.rounds import deliver_due_mail
        from clarion.mail.status import outbox_section
        from clarion.mail.tasks import purge_old_mail

        privacy.register()
        register_periodic(deliver_due_mail, "CLARION_MAIL_SWEEP_INTERVAL")
        register_periodic(purge_old_mail, DAY)
        register_status("outbox", outbox_section)
