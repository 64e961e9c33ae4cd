from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "clarion.mail"
    label = "mail"
    verbose_name = "Mail"

    def ready(self):
        from clarion.mail import privacy

        privacy.register()
