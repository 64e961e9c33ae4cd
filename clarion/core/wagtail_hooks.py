from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from clarion.core.admin_status import StatusView, SuperuserMenuItem


@hooks.register("register_admin_urls")
def register_status_url():
    return [path("status/", StatusView.as_view(), name="clarion_status")]


@hooks.register("register_settings_menu_item")
def register_status_menu_item():
    return SuperuserMenuItem(_("System status"), reverse_lazy("clarion_status"), name="system-status",
                             icon_name="pick", order=900)
