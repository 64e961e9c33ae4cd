"""Bounces and complaints reported by the ESP (through django-anymail's tracking webhooks) stop our mail."""

import logging

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailConfigurationError, AnymailError
from anymail.signals import EventType, tracking
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpResponseBadRequest, HttpResponseForbidden
from django.urls import URLPattern

from clarion.supporters import actions

logger = logging.getLogger(__name__)

STOPPING_EVENTS = {EventType.BOUNCED, EventType.REJECTED, EventType.COMPLAINED}
# What anymail's parsers raise on a body that is not what the ESP sends (not JSON, wrong shape, bad bytes).
MALFORMED = (AnymailError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


class RecordingFailed(Exception):
    """Our own handling of a well-formed event failed: a 500, so the ESP sends it again later."""


def _printable(text):
    """Control characters (NUL above all, which PostgreSQL refuses) never reach the database."""
    return "".join(char for char in str(text) if char.isprintable())


def _address(value):
    """The reported recipient if it could be an address at all, else ""."""
    return value if isinstance(value, str) and len(value) <= 254 and value.isprintable() else ""


@receiver(tracking, dispatch_uid="clarion.supporters.bounces")
def stop_mailing_on_bounce(sender, event, esp_name, **kwargs):
    recipient = _address(event.recipient)
    if event.event_type not in STOPPING_EVENTS or not recipient:
        return
    reason = " ".join(_printable(part) for part in [esp_name, event.event_type, event.reject_reason,
                                                    event.description] if part)
    try:
        actions.record_bounce(recipient, reason=reason, complaint=event.event_type == EventType.COMPLAINED)
    except Exception as error:
        raise RecordingFailed(error) from error


def _plain(response_class, text):
    return response_class(text, content_type="text/plain; charset=utf-8")


def _secret_required(view):
    """Without a shared secret anymail accepts anyone's posts; these webhooks then stay shut. A body the ESP
    would never send is refused with 400 (it is not worth a retry); only our own failure answers 500."""
    def guarded(request, *args, **kwargs):
        if not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
            return _plain(HttpResponseForbidden, "Set CLARION_WEBHOOK_SECRET to receive ESP webhooks.")
        try:
            return view(request, *args, **kwargs)
        except RecordingFailed as failure:
            raise failure.__cause__ from None
        except AnymailConfigurationError as error:
            logger.error("An ESP webhook was called but is not configured: %s", error)
            return _plain(HttpResponseForbidden, "This ESP's webhook is not configured here.")
        except MALFORMED as error:
            logger.warning("Refused a malformed %s webhook body: %s", request.path, type(error).__name__)
            return _plain(HttpResponseBadRequest, "Malformed webhook body.")
    guarded.csrf_exempt = True
    return guarded


def _tracking(pattern):
    """Only delivery reports are wanted: the inbound (received mail) webhooks stay unexposed."""
    return "inbound" not in (pattern.name or "")


def guarded_urlpatterns():
    """anymail's tracking webhook URLs, each refused until a secret is configured."""
    return [URLPattern(p.pattern, _secret_required(p.callback), p.default_args, p.name)
            for p in anymail_urls.urlpatterns if _tracking(p)]
