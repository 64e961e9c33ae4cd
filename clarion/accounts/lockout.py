"""Failed sign-ins (counted by django-axes): which client they count against, and what a locked-out person sees."""

from axes.helpers import get_cool_off
from django.shortcuts import render
from django.urls import reverse

from clarion.core.netaddr import client_ip, ip_bucket


def client_address(request):
    """The address every per-address limit uses: the client behind trusted proxies, an IPv6 /64 as one."""
    return ip_bucket(client_ip(request))


def locked_out(request, original_response=None, credentials=None):
    """A page that says why signing in is refused and for how long (never a bare error). Rendered here: it
    replaces the view's answer in a middleware, after Django renders template responses."""
    cool_off = get_cool_off(request)
    return render(request, "accounts/locked_out.html", {
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        "login_url": reverse("wagtailadmin_login"),
    }, status=429)
