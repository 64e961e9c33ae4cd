"""Everything a process keeps in memory is in one registry, and clear_all() empties every part of it."""

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.http import Http404
from django.test import override_settings
from wagtail.models import Locale, Site

from clarion.core import keyed, locales, memo, origin, outage, redact, sealed, translations
from clarion.layout import selection
from clarion.mail import delivery
from clarion.organisation import icons, identity
from clarion.organisation.models import OrganisationSettings
from clarion.pages.templatetags import picture_tags
from clarion.petitions import forms, lookup, refusals
from clarion.petitions.models import petition as petition_model
from tests.factories import make_image


def _filled(function):
    return function.cache_info().currsize > 0


def _unknown_petition():
    with pytest.raises(Http404):
        lookup.public_petition(987_654)


def _with_pages_kept(fill):
    # Tests keep no rendered pages (CLARION_PAGE_CACHE_SECONDS=0); production keeps them, and these with them.
    def filled():
        with override_settings(CLARION_PAGE_CACHE_SECONDS=10):
            fill()
    return filled


def _english_locale_id():
    return Locale.objects.get(language_code="en").pk


# Each registered name: how to make it keep something (through its own module's API), how to see it kept.
KEPT = {
    "clarion.core.origin._own": (origin.own_origins, lambda: _filled(origin._own)),
    "clarion.core.keyed._key_id": (lambda: keyed.keyed_hash("jane@example.org", "test"),
                                   lambda: _filled(keyed._key_id)),
    "clarion.core.sealed._fernet": (lambda: sealed.seal({"n": 1}, "test"), lambda: _filled(sealed._fernet)),
    "clarion.core.redact.token_patterns": (redact.token_patterns, lambda: _filled(redact.token_patterns)),
    "clarion.core.redact._any_token_path": (lambda: redact.scrub("/anything"),
                                            lambda: _filled(redact._any_token_path)),
    "clarion.core.outage.state": (lambda: outage.failed(ConnectionError("test"), "test"), outage.redis_down),
    "clarion.core.outage.database": (lambda: outage.database.failed(OperationalError("test"), "test"),
                                     lambda: outage.database.down_since is not None),
    "clarion.core.pagecache.pages": (lambda: caches["pages"].set("clarion:page:test", "kept"),
                                     lambda: caches["pages"].get("clarion:page:test") is not None),
    "clarion.core.translations": (
        _with_pages_kept(lambda: translations.live_translations(Site.objects.get(is_default_site=True).root_page)),
        lambda: bool(translations._remembered)),
    "clarion.core.locales.language_of": (lambda: locales.language_of(_english_locale_id()),
                                         lambda: _filled(locales.language_of)),
    "clarion.layout.selection.modules": (_with_pages_kept(lambda: selection.modules_by_position(None, "en")),
                                         lambda: bool(selection._kept)),
    "clarion.petitions.models.petition.originals": (
        _with_pages_kept(lambda: petition_model._originals.get("some-group", lambda: None)),
        lambda: bool(petition_model._originals)),
    "clarion.pages.pictures": (_with_pages_kept(lambda: picture_tags.picture_of(make_image(), "share")),
                               lambda: bool(picture_tags._pictures)),
    "clarion.petitions.forms.country_choices": (lambda: forms.country_choices("en"),
                                                lambda: _filled(forms.country_choices)),
    "clarion.petitions.forms.country_codes": (forms.country_codes, lambda: _filled(forms.country_codes)),
    "clarion.petitions.forms._option_tags": (lambda: forms._option_tags((("FR", "France"),)),
                                             lambda: _filled(forms._option_tags)),
    "clarion.petitions.lookup._pages": (_unknown_petition, lambda: bool(lookup._pages)),
    "clarion.petitions.refusals.meter": (refusals.meter.full_answer, lambda: refusals.meter._in_minute > 0),
    "clarion.petitions.refusals.addresses": (lambda: refusals.addresses.count("192.0.2.7"),
                                             lambda: bool(refusals.addresses._counts)),
    "clarion.petitions.refusals.sign_path": (refusals.sign_path, lambda: _filled(refusals.sign_path)),
    "clarion.mail.delivery.server_warned": (lambda: delivery._server_warned.update(at=0.0),
                                            lambda: bool(delivery._server_warned)),
    "clarion.organisation.identity._kept": (identity.current, lambda: bool(identity._kept)),
    "clarion.organisation.icons._drawn": (lambda: icons._draw(identity.current(), 32), lambda: bool(icons._drawn)),
}


def test_every_registered_memory_is_one_this_test_knows_how_to_fill():
    # A cache registered without a line in KEPT would go unchecked: add one when adding a cache.
    assert memo.names() == sorted(KEPT)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(KEPT))
def test_clear_all_empties_each_registered_memory(name):
    fill, is_filled = KEPT[name]
    fill()
    assert is_filled(), f"{name} kept nothing: the check would pass without clear_all"
    memo.clear_all()
    assert not is_filled(), f"{name} still holds something after clear_all()"


@pytest.mark.django_db
def test_a_change_no_signal_announced_is_seen_after_clear_all():
    site = Site.objects.get(is_default_site=True)
    OrganisationSettings.objects.create(site=site, name="Before")
    assert identity.current().name == "Before"
    # A queryset update sends no post_save, so the kept identity is not forgotten by its signal.
    OrganisationSettings.objects.filter(site=site).update(name="After")
    assert identity.current().name == "Before"
    memo.clear_all()
    assert identity.current().name == "After"


def test_a_signal_still_forgets_its_own_cache_alone():
    identity._kept["example"] = (float("inf"), "kept")
    lookup._pages[1] = (float("inf"), None)
    identity.forget()
    assert not identity._kept and lookup._pages
