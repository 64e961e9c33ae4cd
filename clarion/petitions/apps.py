from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "clarion.petitions"
    label = "petitions"
    verbose_name = "Petitions"

    def ready(self):
        from clarion.core import rehash
        from clarion.mail import deferred
        from clarion.petitions.actions import signature_mail_context
        from clarion.petitions.dedupe import rehash as rehash_signatures
        from clarion.supporters.gdpr import signatures_of

        deferred.register("petitions.signature", signature_mail_context, concerning=lambda supporter: {
            "signature": list(signatures_of(supporter).values_list("pk", flat=True))})
        rehash.register("petition signatures", rehash_signatures)
