"""Bounces and complaints reported by the ESP (through django-anymail's tracking webhooks) stop our mail."""

from anymail import urls as anymail_urls
from anymail.signals import EventType, tracking
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpResponseForbidden
from django.urls import URLPattern

from clarion.supporters import actions

STOPPING_EVENTS = {EventType.BOUNCED, EventType.REJECTED, EventType.COMPLAINED}


@receiver(tracking, dispatch_uid="clarion.supporters.bounces")
def stop_mailing_on_bounce(sender, event, esp_name, **kwargs):
    if event.event_type not in STOPPING_EVENTS or not event.recipient:
        return
    reason = " ".join(filter(None, [esp_name, event.event_type, event.reject_reason, event.description]))
    actions.record_bounce(event.recipient, reason=reason, complaint=event.event_type == EventType.COMPLAINED)


def _secret_required(view):
    """Without a shared secret anymail accepts anyone's posts; these webhooks then stay shut."""
    def guarded(request, *args, **kwargs):
        if not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
            return HttpResponseForbidden("Set CLARION_WEBHOOK_SECRET to receive ESP webhooks.",
                                         content_type="text/plain; charset=utf-8")
        return view(request, *args, **kwargs)
    guarded.csrf_exempt = True
    return guarded


def guarded_urlpatterns():
    """anymail's webhook URLs, each refused until a secret is configured."""
    return [URLPattern(p.pattern, _secret_required(p.callback), p.default_args, p.name)
            for p in anymail_urls.urlpatterns]
