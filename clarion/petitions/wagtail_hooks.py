from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from clarion.petitions.actions import COMMENT_APPROVED, COMMENT_REJECTED, INVALIDATED, REJECTED, RELEASED, RESTORED
from clarion.petitions.admin import urls as admin_urls
from clarion.petitions.admin.access_rules import AccessRuleViewSet
from clarion.petitions.admin.base import CHANGE_SIGNATURES, VIEW_SIGNATURES
from clarion.petitions.admin.signatures import SignatureViewSet
from clarion.petitions.admin.steps import RECORD_STEPS
from clarion.petitions.models import PetitionPage
from clarion.petitions.steps import DELIVERED, OUTCOME, RESPONDED

register_snippet(AccessRuleViewSet)

signature_viewset = SignatureViewSet("petition_signatures")


@hooks.register("register_admin_viewset")
def register_signature_browser():
    return signature_viewset


@hooks.register("register_admin_urls")
def register_petition_tools():
    return [path("petitions/", include(admin_urls, namespace="petitions_admin"))]


@hooks.register("register_page_header_buttons")
def petition_steps_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, PetitionPage) and user.has_perm(RECORD_STEPS):
        yield Button(_("Delivery and outcome"), reverse("petitions_admin:steps", args=[page.pk]), icon_name="mail",
                     priority=40)


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_petitions_menu():
    items = [
        PermissionMenuItem(_("Overview"), reverse_lazy("petitions_admin:overview"), name="petitions-overview",
                           icon_name="list-ul", order=100, permission=VIEW_SIGNATURES),
        PermissionMenuItem(_("Signatures"), reverse_lazy("petition_signatures:index"), name="petitions-signatures",
                           icon_name="user", order=200, permission=VIEW_SIGNATURES),
        PermissionMenuItem(_("Held for review"), reverse_lazy("petitions_admin:held"), name="petitions-held",
                           icon_name="warning", order=250, permission=VIEW_SIGNATURES),
        PermissionMenuItem(_("Comments to moderate"), reverse_lazy("petitions_admin:comments"),
                           name="petitions-comments", icon_name="comment", order=300, permission=CHANGE_SIGNATURES),
    ]
    return SubmenuMenuItem(_("Petitions"), Menu(items=items), name="petitions", icon_name="form", order=260)


class ReleasedMessage(LogFormatter):
    label = _("Release signatures held for review")

    def format_message(self, log_entry):
        n = len(log_entry.data.get("signatures", []))
        return ngettext("Released %(n)d signature held for review", "Released %(n)d signatures held for review",
                        n) % {"n": n}


class RejectedMessage(LogFormatter):
    label = _("Reject signatures held for review")

    def format_message(self, log_entry):
        n = len(log_entry.data.get("signatures", []))
        return ngettext("Rejected %(n)d signature held for review", "Rejected %(n)d signatures held for review",
                        n) % {"n": n}


class InvalidatedMessage(LogFormatter):
    label = _("Invalidate signatures")

    def format_message(self, log_entry):
        n = log_entry.data.get("count", 0)
        return ngettext("Invalidated %(n)d signature", "Invalidated %(n)d signatures", n) % {"n": n}


class RestoredMessage(LogFormatter):
    label = _("Undo an invalidation")

    def format_message(self, log_entry):
        n = log_entry.data.get("count", 0)
        return ngettext("Undid an invalidation: %(n)d signature restored",
                        "Undid an invalidation: %(n)d signatures restored", n) % {"n": n}


@hooks.register("register_log_actions")
def register_review_log(actions):
    actions.register_action(RELEASED)(ReleasedMessage)
    actions.register_action(REJECTED)(RejectedMessage)
    actions.register_action(INVALIDATED)(InvalidatedMessage)
    actions.register_action(RESTORED)(RestoredMessage)
    actions.register_action(DELIVERED, _("Record the delivery"), _("Recorded the petition's delivery"))
    actions.register_action(RESPONDED, _("Record the response"), _("Recorded the target's response"))
    actions.register_action(OUTCOME, _("Record the outcome"), _("Recorded the outcome"))
    actions.register_action(COMMENT_APPROVED, _("Approve a comment"), _("Approved a comment"))
    actions.register_action(COMMENT_REJECTED, _("Reject a comment"), _("Rejected a comment"))
