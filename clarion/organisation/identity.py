"""Who the site speaks for: the organisation settings of a site, blank fields filled from the environment.

Mail is written at delivery by a worker with no request, so it takes the default site's identity (`current`);
pages take their own site's (`for_request`). Each process keeps what it found a few seconds: every page and
every mail needs it, and finding it costs two queries.
"""

import logging
import time
from email.headerregistry import Address
from email.utils import parseaddr
from functools import cached_property

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Site

from clarion.core import memo
from clarion.organisation.models import OrganisationSettings

logger = logging.getLogger(__name__)
KEEP_SECONDS = 5
# The logo in a mail's header: drawn at twice the size it is shown, for sharp screens.
MAIL_LOGO_SPEC = "max-480x128|format-png"
_kept = memo.kept_dict(f"{__name__}._kept")


class Identity:
    """A site's organisation as mail and pages show it; `values` is its settings row, None when never saved."""

    def __init__(self, site=None, values=None):
        self.site = site
        self._values = values

    def _value(self, field):
        return getattr(self._values, field, "") if self._values is not None else ""

    @cached_property
    def name(self):
        name = self._value("name") or (self.site.site_name if self.site else "") or settings.WAGTAIL_SITE_NAME
        return " ".join(name.split())

    @cached_property
    def sender_address(self):
        return self._value("sender_address") or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]

    @cached_property
    def from_email(self):
        """The From header: the organisation's name and sender address, quoted as RFC 5322 needs."""
        username, _, domain = self.sender_address.rpartition("@")
        return str(Address(display_name=self.name, username=username, domain=domain))

    @cached_property
    def reply_to(self):
        return self._value("reply_to") or getattr(settings, "CLARION_REPLY_TO", "")

    @cached_property
    def postal_address(self):
        return self._value("postal_address").strip() or getattr(settings, "CLARION_POSTAL_ADDRESS", "")

    @cached_property
    def logo(self):
        return self._values.logo if self._values is not None and self._values.logo_id else None

    @cached_property
    def mail_logo(self):
        """The logo's rendition for mail headers, with its absolute URL, or None."""
        if self.logo is None:
            return None
        try:
            rendition = self.logo.get_rendition(MAIL_LOGO_SPEC)
        except OSError as error:  # Wagtail's SourceImageIOError too: the file is gone
            # A lost logo file must not hold up the mail: it goes out with the name as its header.
            logger.warning("The organisation's logo cannot be drawn: %s", error)
            return None
        url = rendition.url
        return {"url": settings.CLARION_BASE_URL + url if url.startswith("/") else url,
                "width": (rendition.width + 1) // 2, "height": (rendition.height + 1) // 2}

    def digits(self, lang):
        """"native" or "latin": how figures are written in `lang` (only Persian and Arabic have a choice)."""
        default = {"fa": "native", "ar": "latin"}.get(lang, "latin")
        field = {"fa": "persian_digits", "ar": "arabic_digits"}.get(lang)
        return (self._value(field) if field else "") or default

    def calendar(self, lang):
        """"solar_hijri" or "gregorian": the calendar dates are written in for `lang`."""
        if lang != "fa":
            return "gregorian"
        return self._value("persian_calendar") or "solar_hijri"

    @cached_property
    def icon_version(self):
        """Changes with the logo, so browsers fetch the icons again after an editor replaces it."""
        return f"{self.logo.pk}-{self.logo.file_hash or self.logo.file.name}"[:40] if self.logo else "0"


def _identity(site):
    # Read, never created here: a settings row saved on first use would empty the page cache for nothing.
    values = (OrganisationSettings.objects.select_related("logo").filter(site=site).first()
              if site is not None else None)
    return Identity(site, values)


def _kept_or(key, find_site):
    now = time.monotonic()
    entry = _kept.get(key)
    if entry is None or entry[0] <= now:
        if len(_kept) > 100:
            _kept.clear()
        entry = _kept[key] = (now + KEEP_SECONDS, _identity(find_site()))
    return entry[1]


def current():
    """The default site's identity: what every e-mail speaks for."""
    return _kept_or("", lambda: Site.objects.filter(is_default_site=True).first())


def for_request(request):
    """The identity of the site a request is for (the default site's when no site matches)."""
    return _kept_or(request.get_host(), lambda: Site.find_for_request(request)
                    or Site.objects.filter(is_default_site=True).first())


def forget(**kwargs):
    _kept.clear()


def forget_on_change():
    for model in (OrganisationSettings, Site, get_image_model()):
        for signal in (post_save, post_delete):
            uid = f"clarion-forget-identity-{model._meta.label}-{id(signal)}"
            signal.connect(forget, sender=model, dispatch_uid=uid)
