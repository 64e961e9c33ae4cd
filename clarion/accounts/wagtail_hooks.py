from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from clarion.accounts import actions
from clarion.accounts.admin import urls
from clarion.accounts.admin.email import EmailView
from clarion.accounts.admin.lockouts import LockoutViewSet


@hooks.register("register_admin_urls")
def register_account_urls():
    return [path("account/two-factor/", include(urls, namespace="two_factor")),
            path("account/email/", EmailView.as_view(), name="account_email")]


@hooks.register("register_account_menu_item")
def email_account_item(request):
    return {"url": reverse("account_email"), "label": _("E-mail address"),
            "help_text": _("Where test mailings and admin notifications reach you.")}


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {"url": reverse("two_factor:manage"), "label": _("Two-factor sign-in"),
            "help_text": _("Ask for a code from an authenticator app after your password.")}


@hooks.register("register_admin_viewset")
def register_lockouts():
    return LockoutViewSet("sign_in_lockouts")


@hooks.register("register_log_actions")
def register_two_factor_actions(log_actions):
    log_actions.register_action(actions.TURNED_ON, _("Turn on two-factor sign-in"), _("Turned on two-factor sign-in"))
    log_actions.register_action(actions.TURNED_OFF, _("Turn off two-factor sign-in"),
                                _("Turned off two-factor sign-in"))
    log_actions.register_action(actions.CHANGED_EMAIL, _("Change own e-mail address"),
                                _("Changed own e-mail address"))
    log_actions.register_action(actions.NEW_BACKUP_CODES, _("Make new backup codes"), _("Made new backup codes"))
