"""Builds the demo campaign: a home page with an 11-slide slideshow, an appeal, news, pages and modules."""

import io
from datetime import datetime, time
from functools import partial

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from clarion.demo import bodies, content
from clarion.demo.alerts import build_demo_alerts
from clarion.demo.images import draw_scene
from clarion.demo.persian import translate_demo
from clarion.layout.actions import publish_module
from clarion.layout.models import Assignment
from clarion.organisation.actions import describe_organisation
from clarion.pages.models import (
    AppealPage,
    ExternalReportPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from clarion.petitions.models import PetitionPage, PetitionThreshold


def demo_exists():
    return HomePage.objects.exists()


def save_image(title, data, filename):
    """Store JPEG bytes as a Wagtail image (demo pictures here, tiny ones in tests)."""
    image = get_image_model()(title=title)
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def closing_time(decided_on):
    """The petition closes as the decision day begins: the names must reach the Director before he decides."""
    return timezone.make_aware(datetime.combine(decided_on, time.min))


def _image(number, title):
    return save_image(title, draw_scene(number), f"tamsin-valley-{number:02d}.jpg")


@transaction.atomic
def build_demo(translate=False):
    """The demo campaign in the site's first language; with `translate`, its Persian translation too (as
    `load_demo` builds it: tests that need only one language leave it out)."""
    decided_on = content.decision_day(timezone.localdate())
    dated = partial(content.dated, day=decided_on)
    images = [_image(n, alt) for n, (alt, _caption) in enumerate(content.SLIDES, start=1)]
    root = Page.get_first_root_node()
    # Wagtail's own "Welcome" page gives way to the campaign's home page.
    for page in root.get_children().exact_type(Page):
        page.delete()
    home = HomePage(title=content.SITE_NAME, slug="home", intro=dated(content.HOME_INTRO),
                    slideshow_label=content.SLIDESHOW_LABEL, social_image=images[0])
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": content.SITE_NAME},
    )

    news_index = publish_child(home, NewsIndexPage(title=content.NEWS_INDEX_TITLE, slug="news", show_in_menus=True,
                                              intro=content.NEWS_INDEX_INTRO))
    report = publish_child(news_index, ExternalReportPage(
        title=content.REPORT_TITLE, slug="inside-tamsin-valley", source=content.REPORT_SOURCE,
        external_url=content.REPORT_URL, summary=content.REPORT_SUMMARY,
    ))
    publish_child(news_index, NewsPage(
        title=content.NEWS_TITLE, slug="letters-delivered", summary=content.NEWS_SUMMARY,
        body=[("paragraph", RichText(content.NEWS_BODY))],
    ))

    petition = PetitionPage(
        title=content.PETITION_TITLE, slug="petition", show_in_menus=True, demand=content.PETITION_DEMAND,
        target_name=content.PETITION_TARGET, target_title=content.PETITION_TARGET_TITLE,
        background=content.PETITION_BACKGROUND, goal=5000, closes_at=closing_time(decided_on),
        search_description=content.PETITION_DEMAND, social_image=images[7],
    )
    petition.thresholds = [PetitionThreshold(count=n, message=m) for n, m in content.PETITION_THRESHOLDS]
    publish_child(home, petition)
    build_demo_alerts(petition, decided_on)
    describe_organisation(Site.objects.get(is_default_site=True), name=content.SITE_NAME,
                          postal_address=content.POSTAL_ADDRESS)
    lead = dated(content.APPEAL_LEAD)
    appeal = AppealPage(
        title=content.APPEAL_TITLE, slug="stop-the-forced-return", lead=lead,
        show_in_menus=True, search_description=lead, social_image=images[1],
        body=bodies.appeal_body(content, petition, report, poster=images[3]),
    )
    publish_child(home, appeal)
    about = publish_child(home, StandardPage(title=content.ABOUT_TITLE, slug="about", show_in_menus=True,
                                        intro=content.ABOUT_INTRO,
                                        body=[("paragraph", RichText(content.ABOUT_BODY))]))
    privacy = publish_child(home, StandardPage(title=content.PRIVACY_TITLE, slug="privacy",
                                          body=[("paragraph", RichText(content.PRIVACY_BODY))]))
    contact = publish_child(home, StandardPage(title=content.CONTACT_TITLE, slug="contact",
                                          body=[("paragraph", RichText(content.CONTACT_BODY))]))
    petition.privacy_page = privacy  # linked beside the signing button
    petition.save_revision().publish()

    home.slides = bodies.slides(content, images, petition, appeal)
    home.featured_appeals = [("appeal", appeal)]
    home.save_revision().publish()

    publish_module(title=content.SIDEBAR_TITLE, position="sidebar", assignment=Assignment.EXCEPT,
                   pages=[(appeal, False), (petition, False)],
                   body=bodies.sidebar(content, decided_on, appeal, petition))
    publish_module(title=content.OFFCANVAS_TITLE, position="offcanvas",
                   body=bodies.offcanvas(content, decided_on, appeal))
    publish_module(title=content.FOOTER_TITLE, position="footer", show_title=False,
                   body=bodies.footer(content, (about, privacy, contact)))
    publish_module(title=content.SIGNUP_TITLE, position="bottom", assignment=Assignment.ONLY,
                   pages=[(home, False), (appeal, False), (about, False)], show_title=False,
                   body=bodies.signup(content))
    if translate:
        translate_demo(home, decided_on)
    return home
