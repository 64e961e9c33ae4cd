"""Two-factor sign-in in the admin: the code asked after the password, setting it up, and managing it."""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_otp import login as remember_device
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from clarion.accounts import actions
from clarion.accounts.forms import CodeForm
from clarion.accounts.middleware import VERIFY, owed_step

SECRET_SESSION_KEY = "clarion_two_factor_secret"


def safe_next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def verify(request):
    """The second step of signing in: a code from the app, or a backup code."""
    if owed_step(request.user) != VERIFY:
        return redirect(safe_next_url(request))
    form = CodeForm(request.POST or None)
    status = 200
    if form.is_valid():
        try:
            device = actions.check_code(request.user, form.cleaned_data["code"])
        except actions.Throttled as throttled:
            wait = max(1, int((throttled.until - timezone.now()).total_seconds() + 0.999))
            form.add_error("code", _("Too many wrong codes. Wait %(seconds)d seconds, then enter the newest code.")
                           % {"seconds": wait})
            status = 429
        else:
            if device is not None:
                remember_device(request, device)
                if device.name == actions.BACKUP_DEVICE:
                    messages.warning(request, _("Backup code used: %(left)d left. Make new ones under Account.")
                                     % {"left": actions.backup_codes_left(request.user)})
                return redirect(safe_next_url(request))
            form.add_error("code", _("That code is not right. Enter the code your app shows now."))
            status = 400
    elif form.is_bound:
        status = 400
    return TemplateResponse(request, "accounts/verify.html", {"form": form, "next": safe_next_url(request)},
                            status=status)


def qr_code_svg(text):
    """The QR code as inline SVG, drawn here: the secret never goes to a QR service."""
    code = segno.make(text, error="m")
    return mark_safe(code.svg_inline(scale=4, light="#fff", title=_("QR code for your authenticator app")))


def enrol(request):
    """Set up the app: scan the QR code (or type the key), confirm with a code, get backup codes."""
    if user_has_device(request.user):
        return redirect("two_factor:manage")
    secret = request.session.get(SECRET_SESSION_KEY) or actions.new_secret()
    request.session[SECRET_SESSION_KEY] = secret
    form = CodeForm(request.POST or None)
    if form.is_valid():
        enrolled = actions.turn_on(request.user, secret, form.cleaned_data["code"])
        if enrolled:
            device, codes = enrolled
            del request.session[SECRET_SESSION_KEY]
            remember_device(request, device)
            return TemplateResponse(request, "accounts/backup_codes.html", {"codes": codes,
                                                                           "next": safe_next_url(request)})
        form.add_error("code", _("That code does not match. Check that your phone's clock is right and enter "
                                 "the newest code."))
    unsaved = TOTPDevice(user=request.user, key=secret)
    return TemplateResponse(request, "accounts/enrol.html", {
        "form": form, "qr_code": qr_code_svg(unsaved.config_url), "key": _grouped(_base32(secret)),
        "next": safe_next_url(request), "required": settings.CLARION_REQUIRE_2FA,
    }, status=400 if form.is_bound else 200)


def _base32(secret):
    return b32encode(bytes.fromhex(secret)).decode()


def _grouped(text, size=4):
    return " ".join(text[i:i + size] for i in range(0, len(text), size))


class ManageView(WagtailAdminTemplateMixin, TemplateView):
    """Account → Two-factor sign-in: whether it is on, new backup codes, turning it off (each with a code)."""

    template_name = "accounts/manage.html"
    page_title = gettext_lazy("Two-factor sign-in")
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("wagtailadmin_account"), "label": _("Account")},
                {"url": "", "label": self.get_page_title()}]

    @cached_property
    def form(self):
        return CodeForm(self.request.POST or None)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            form=self.form, enabled=user_has_device(user), backup_codes_left=actions.backup_codes_left(user),
            required=settings.CLARION_REQUIRE_2FA, **kwargs)

    def post(self, request):
        """Both actions ask for a current code, so a session left open cannot take the second factor away."""
        if not self.form.is_valid():
            return self.render_to_response(self.get_context_data(), status=400)
        action = request.POST.get("action")
        if action == "turn_off" and settings.CLARION_REQUIRE_2FA:
            self.form.add_error(None, _("Two-factor sign-in is required on this site and cannot be turned off."))
            return self.render_to_response(self.get_context_data(), status=400)
        if action not in {"turn_off", "backup_codes"}:
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            accepted = actions.check_code(request.user, self.form.cleaned_data["code"])
        except actions.Throttled:
            self.form.add_error("code", _("Too many wrong codes. Wait a little, then enter the newest code."))
            return self.render_to_response(self.get_context_data(), status=429)
        if accepted is None:
            self.form.add_error("code", _("That code is not right. Enter the code your app shows now."))
            return self.render_to_response(self.get_context_data(), status=400)
        if action == "turn_off":
            actions.turn_off(request.user, acting_user=request.user)
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("two_factor:manage")
        return TemplateResponse(request, "accounts/backup_codes.html", {
            "codes": actions.new_backup_codes(request.user), "next": reverse("two_factor:manage")})
