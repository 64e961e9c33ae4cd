from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadConfig(AppConfig):
    name = "clarion.spread"
    label = "spread"
    verbose_name = _("Spreading")

    def ready(self):
        from clarion.core.schedule import DAY, register_periodic
        from clarion.mail import deferred
        from clarion.petitions import signing
        from clarion.spread import attribution, links, privacy, tasks, tokens
        from clarion.spread.actions import fresh_links_context

        privacy.register()
        signing.register_post_reader(attribution.signing_kwargs)
        signing.register_signer_page(tokens.thanks_path)
        signing.register_thanks_context(links.anonymous_share_context)
        deferred.register("spread.fresh_links", fresh_links_context)
        register_periodic(tasks.send_invitations, "CLARION_SCHEDULE_INTERVAL")
        register_periodic(tasks.purge_invitation_data, DAY)
