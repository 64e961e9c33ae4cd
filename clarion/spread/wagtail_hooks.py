from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from clarion.petitions.admin.base import VIEW_SIGNATURES
from clarion.spread.admin.views import SpreadingReportView, export_partner_opt_ins


class SpreadingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_SIGNATURES)


@hooks.register("register_admin_urls")
def register_spreading_report():
    return [path("spread/", SpreadingReportView.as_view(), name="spread_admin_report"),
            path("spread/partners/<id:partner_id>/opt-ins.csv", export_partner_opt_ins,
                 name="spread_admin_partner_opt_ins")]


@hooks.register("register_admin_menu_item")
def register_spreading_menu():
    return SpreadingMenuItem(_("Spreading"), reverse_lazy("spread_admin_report"), name="spreading",
                             icon_name="link", order=265)
