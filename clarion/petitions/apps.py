from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "clarion.petitions"
    label = "petitions"
    verbose_name = "Petitions"

    def ready(self):
        from clarion.mail import deferred
        from clarion.petitions.actions import signature_mail_context

        deferred.register("petitions.signature", signature_mail_context)
