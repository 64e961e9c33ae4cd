from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from clarion.supporters import actions
from clarion.supporters.admin.views import SupporterViewSet

supporter_viewset = SupporterViewSet("supporters_admin")


@hooks.register("register_admin_viewset")
def register_supporters():
    return supporter_viewset


@hooks.register("register_log_actions")
def register_supporter_actions(log_actions):
    log_actions.register_action(actions.OPTED_IN, _("Subscribe a supporter"), _("Subscribed the supporter"))
    log_actions.register_action(actions.OPTED_OUT, _("Unsubscribe a supporter"), _("Unsubscribed the supporter"))
    log_actions.register_action(actions.ERASED, _("Erase a supporter"), _("Erased the supporter"))
