"""A user who gave their password but still owes a second factor reaches only that step of signing in."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django_otp import user_has_device

VERIFY = "two_factor:verify"
ENROL = "two_factor:enrol"
# What opens while a second factor is owed, besides the step itself: leaving, and what the bare page loads.
ALWAYS_OPEN = {"wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_javascript_catalog", "wagtailadmin_sprite"}


def owed_step(user):
    """VERIFY for a user with a second factor who has not given a code in this session; ENROL for an admin user
    without one when CLARION_REQUIRE_2FA is on; None when nothing is owed."""
    if not user.is_authenticated or user.is_verified():
        return None
    if user_has_device(user):
        return VERIFY
    if settings.CLARION_REQUIRE_2FA and user.has_perm("wagtailadmin.access_admin"):
        return ENROL
    return None


def _view_name(request):
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = owed_step(request.user)
        if step is None or _view_name(request) in ALWAYS_OPEN | {step}:
            return self.get_response(request)
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        # Outside the admin (private pages and documents) someone halfway through signing in is nobody yet.
        request.user = AnonymousUser()
        return self.get_response(request)
