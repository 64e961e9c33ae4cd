from django.contrib.auth.models import Permission
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from clarion.delivery import actions
from clarion.delivery.admin import urls as admin_urls
from clarion.delivery.permissions import VIEW_PACKS
from clarion.petitions.models import PetitionPage


@hooks.register("register_admin_urls")
def register_delivery_pages():
    return [path("delivery/", include(admin_urls, namespace="delivery_admin"))]


@hooks.register("register_log_actions")
def register_delivery_actions(log_actions):
    log_actions.register_action(actions.PAPER_ADDED, _("Add paper signatures"), _("Added paper signatures"))
    log_actions.register_action(actions.PACK_REQUESTED, _("Build a delivery pack"), _("Asked for a delivery pack"))
    log_actions.register_action(actions.PACK_DOWNLOADED, _("Download a delivery pack"),
                                _("Downloaded a delivery pack file"))
    log_actions.register_action(actions.PACK_SENT, _("Send a delivery pack"), _("Sent the delivery pack"))


@hooks.register("register_permissions")
def register_delivery_permissions():
    # Lets an administrator give a group the delivery page, building, downloading/sending and paper entry.
    return Permission.objects.filter(content_type__app_label="delivery", codename__in=[
        "view_deliverypack", "add_deliverypack", "download_deliverypack", "add_papersignature"])


class DeliveryButton(PageMenuItem):
    """"Delivery pack" in a petition's page header and listing menu: paper signatures and the pack for its target."""

    label = _("Delivery pack")
    icon_name = "mail"
    url_name = "delivery_admin:petition"
    priority = 80

    def is_shown(self, user):
        return issubclass(self.page.specific_class or object, PetitionPage) and user.has_perm(VIEW_PACKS)


@hooks.register("register_page_header_buttons")
def delivery_header_button(page, user, view_name, next_url=None):
    yield DeliveryButton(page=page)


@hooks.register("register_page_listing_more_buttons")
def delivery_listing_button(page, user, next_url=None):
    yield DeliveryButton(page=page)
