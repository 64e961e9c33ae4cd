"""The demo campaign's Persian version: Wagtail translations of its English pages and modules (each shares its
original's translation_key), with words written for Persian readers in content_fa.py."""

from functools import partial

from django.conf import settings
from wagtail.models import Locale, TranslatableMixin
from wagtail.rich_text import RichText

from clarion.alerts.models import Mailing, MailingVersion
from clarion.core import languages
from clarion.demo import bodies
from clarion.demo import content_fa as words
from clarion.layout.models import Module
from clarion.petitions.models import PetitionThreshold


def speaks_persian():
    """Whether the site speaks Persian besides its first language (the English demo is translated into it)."""
    return languages.spoken(words.LANGUAGE) is not None and settings.LANGUAGE_CODE != words.LANGUAGE


def translate_page(page, locale, **fields):
    """Wagtail's translation of `page` (under its parent's translation), with `fields` in Persian, published."""
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def translate_demo(home, decided_on):
    """Translate the English demo under `home` into Persian; a site that does not speak Persian is left as it is."""
    if not speaks_persian():
        return None
    locale, _created = Locale.objects.get_or_create(language_code=words.LANGUAGE)
    dated = partial(words.dated, day=decided_on)
    english = {page.slug: page for page in home.get_descendants().specific()}
    fa = partial(translate_page, locale=locale)

    # The home page first, so every other page is copied under it rather than under an alias of it.
    home_fa = fa(home, title=words.SITE_NAME, intro=dated(words.HOME_INTRO), slideshow_label=words.SLIDESHOW_LABEL)
    fa(english["news"], title=words.NEWS_INDEX_TITLE, intro=words.NEWS_INDEX_INTRO)
    report = fa(english["inside-tamsin-valley"], title=words.REPORT_TITLE, source=words.REPORT_SOURCE,
                summary=words.REPORT_SUMMARY)
    fa(english["letters-delivered"], title=words.NEWS_TITLE, summary=words.NEWS_SUMMARY,
       body=[("paragraph", RichText(words.NEWS_BODY))])
    about = fa(english["about"], title=words.ABOUT_TITLE, intro=words.ABOUT_INTRO,
               body=[("paragraph", RichText(words.ABOUT_BODY))])
    privacy = fa(english["privacy"], title=words.PRIVACY_TITLE, body=[("paragraph", RichText(words.PRIVACY_BODY))])
    contact = fa(english["contact"], title=words.CONTACT_TITLE, body=[("paragraph", RichText(words.CONTACT_BODY))])
    petition = fa(
        english["petition"], title=words.PETITION_TITLE, demand=words.PETITION_DEMAND,
        target_name=words.PETITION_TARGET, target_title=words.PETITION_TARGET_TITLE,
        background=words.PETITION_BACKGROUND, search_description=words.PETITION_DEMAND,
        consent_text=words.CONSENT_TEXT, name_to_target_text=words.NAME_TO_TARGET_TEXT, privacy_page=privacy,
        thresholds=[PetitionThreshold(count=n, message=m) for n, m in words.PETITION_THRESHOLDS],
    )
    images = [slide.value["image"] for slide in home.slides]
    lead = dated(words.APPEAL_LEAD)
    appeal = fa(english["stop-the-forced-return"], title=words.APPEAL_TITLE, lead=lead, search_description=lead,
                body=bodies.appeal_body(words, petition, report, poster=images[3]))
    # Afresh: the pages copied under it since changed its tree fields, and a revision of a stale copy would
    # publish them back (a home page that thinks it has no children routes nothing below it).
    home_fa.refresh_from_db()
    home_fa.slides = bodies.slides(words, images, petition, appeal)
    home_fa.featured_appeals = [("appeal", appeal)]
    home_fa.save_revision().publish()
    translate_alert(english["petition"], dated)
    translate_modules(locale, {
        "sidebar": (words.SIDEBAR_TITLE, bodies.sidebar(words, decided_on, appeal, petition)),
        "offcanvas": (words.OFFCANVAS_TITLE, bodies.offcanvas(words, decided_on, appeal)),
        "footer": (words.FOOTER_TITLE, bodies.footer(words, (about, privacy, contact))),
        "bottom": (words.SIGNUP_TITLE, bodies.signup(words)),
    })
    return home_fa


def translate_alert(petition, dated):
    """The demo alert's Persian version, for the supporters who read Persian."""
    for mailing in Mailing.objects.filter(petition=petition):
        MailingVersion.objects.create(mailing=mailing, language=words.LANGUAGE, subject=words.ALERT_SUBJECT,
                                      preheader=dated(words.ALERT_PREHEADER), body=dated(words.ALERT_BODY))


def translate_modules(locale, texts):
    """Each module's Persian translation, by its position; their placement stays the original's.

    Only once modules are translatable snippets (they gain a locale then): before that there is nothing to do.
    """
    if not issubclass(Module, TranslatableMixin):
        return
    for module in Module.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
        title, body = texts[module.position]
        translation = module.copy_for_translation(locale)
        translation.title, translation.body = title, body
        translation.save()
        translation.save_revision().publish()
