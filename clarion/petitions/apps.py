from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "clarion.petitions"
    label = "petitions"
    verbose_name = "Petitions"

    def ready(self):
        from clarion.core import rehash
        from clarion.core.schedule import DAY, register_periodic
        from clarion.mail import deferred
        from clarion.petitions import privacy, tasks
        from clarion.petitions.actions import signature_mail_context
        from clarion.petitions.dedupe import rehash as rehash_signatures

        privacy.register()
        deferred.register("petitions.signature", signature_mail_context, concerning=lambda supporter: {
            "signature": list(privacy.signatures_of(supporter).values_list("pk", flat=True))})
        rehash.register("petition signatures", rehash_signatures)
        register_periodic(tasks.count_signatures, "CLARION_COUNT_INTERVAL")
        register_periodic(tasks.recount_petitions, DAY)
        register_periodic(tasks.apply_privacy_rules, DAY)
        register_periodic(tasks.forget_consent_ips, DAY)
