from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from clarion.alerts import actions
from clarion.alerts.admin.viewsets import AlertsGroup


@hooks.register("register_admin_viewset")
def register_alerts():
    return AlertsGroup()


@hooks.register("register_log_actions")
def register_mailing_actions(log_actions):
    log_actions.register_action(actions.SENT, _("Send a mailing"), _("Sent a mailing"))
    log_actions.register_action(actions.SCHEDULED, _("Schedule a mailing"), _("Scheduled a mailing"))
    log_actions.register_action(actions.PAUSED, _("Pause a mailing"), _("Paused a mailing"))
    log_actions.register_action(actions.RESUMED, _("Resume a mailing"), _("Resumed a mailing"))
    log_actions.register_action(actions.CANCELLED, _("Cancel a mailing"), _("Cancelled a mailing"))
    log_actions.register_action(actions.TESTED, _("Send a test of a mailing"), _("Sent a test to themself"))
    log_actions.register_action(actions.FINISHED, _("Finish sending a mailing"), _("Finished sending"))
