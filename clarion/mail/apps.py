from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "clarion.mail"
    label = "mail"
    verbose_name = "Mail"
