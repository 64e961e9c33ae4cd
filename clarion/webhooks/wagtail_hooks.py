from django.contrib.auth.models import Permission
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from clarion.webhooks import actions
from clarion.webhooks.admin import urls


class WebhooksMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(actions.MANAGE)


@hooks.register("register_admin_urls")
def register_webhooks_urls():
    return [path("webhooks/", include(urls, namespace="webhooks_admin"))]


@hooks.register("register_settings_menu_item")
def register_webhooks_menu_item():
    return WebhooksMenuItem(_("Webhooks"), reverse_lazy("webhooks_admin:endpoints"), name="webhooks",
                            icon_name="link-external", order=850)


@hooks.register("register_permissions")
def register_webhooks_permission():
    return Permission.objects.filter(content_type__app_label="webhooks", codename="manage_webhooks")


@hooks.register("register_log_actions")
def register_webhooks_actions(log_actions):
    for action, label, done in (
        (actions.ADDED, _("Add a webhook endpoint"), _("Added a webhook endpoint")),
        (actions.EDITED, _("Edit a webhook endpoint"), _("Edited a webhook endpoint")),
        (actions.DELETED, _("Delete a webhook endpoint"), _("Deleted a webhook endpoint")),
        (actions.ROTATED, _("Rotate a webhook secret"), _("Rotated a webhook secret")),
        (actions.TESTED, _("Send a test webhook"), _("Sent a test webhook")),
        (actions.ENABLED, _("Re-enable a webhook endpoint"), _("Re-enabled a webhook endpoint")),
    ):
        log_actions.register_action(action, label, done)
