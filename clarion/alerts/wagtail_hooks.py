from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from clarion.alerts import actions
from clarion.alerts.admin.viewsets import AlertsGroup
from clarion.petitions.models import PetitionPage


@hooks.register("register_admin_viewset")
def register_alerts():
    return AlertsGroup()


@hooks.register("register_page_header_buttons")
def send_update_button(page, user, view_name, next_url=None):
    """On a petition: compose an update to its signers (the usual compose, preview and send pages follow)."""
    if isinstance(page.specific_deferred, PetitionPage) and user.has_perm("alerts.add_mailing"):
        url = f"{reverse('alerts_mailings:add')}?update_for={page.pk}"
        yield Button(_("Send an update to signers"), url, icon_name="mail", priority=45)


@hooks.register("register_log_actions")
def register_mailing_actions(log_actions):
    log_actions.register_action(actions.SENT, _("Send a mailing"), _("Sent a mailing"))
    log_actions.register_action(actions.SCHEDULED, _("Schedule a mailing"), _("Scheduled a mailing"))
    log_actions.register_action(actions.PAUSED, _("Pause a mailing"), _("Paused a mailing"))
    log_actions.register_action(actions.RESUMED, _("Resume a mailing"), _("Resumed a mailing"))
    log_actions.register_action(actions.CANCELLED, _("Cancel a mailing"), _("Cancelled a mailing"))
    log_actions.register_action(actions.TESTED, _("Send a test of a mailing"), _("Sent a test to themself"))
    log_actions.register_action(actions.FINISHED, _("Finish sending a mailing"), _("Finished sending"))
