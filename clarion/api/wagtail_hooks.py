from django.contrib.auth.models import Permission
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from clarion.api import actions, admin_urls
from clarion.api.admin import MANAGE_KEYS, ApiReadViewSet


@hooks.register("register_admin_urls")
def register_key_pages():
    return [path("api-keys/", include(admin_urls, namespace="api_keys"))]


class KeysMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MANAGE_KEYS)


@hooks.register("register_settings_menu_item")
def register_keys_menu_item():
    return KeysMenuItem(_("API keys"), reverse_lazy("api_keys:list"), name="api-keys", icon_name="key", order=850)


@hooks.register("register_permissions")
def register_key_permission():
    # Lets an administrator give a group the API keys screen (Settings → Groups).
    return Permission.objects.filter(content_type__app_label="api", codename__in=["manage_apikey", "view_apiread"])


@hooks.register("register_admin_viewset")
def register_api_reads():
    return ApiReadViewSet("api_reads")


@hooks.register("register_log_actions")
def register_key_actions(log_actions):
    log_actions.register_action(actions.ISSUED, _("Issue an API key"), _("Issued an API key"))
    log_actions.register_action(actions.REVOKED, _("Revoke an API key"), _("Revoked an API key"))
