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

from clarion.demo import content
from clarion.demo.alerts import build_demo_alerts
from clarion.demo.images import draw_scene
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


def link(page=None, url=""):
    """The value of a link block: a page on this site or an address elsewhere."""
    return {"page": page, "url": url}


def closing_time(decided_on):
    """The petition closes as the decision day begins: the names must reach the Director before he decides."""
    return timezone.make_aware(datetime.combine(decided_on, time.min))


def _image(number, title):
    return save_image(title, draw_scene(number), f"tamsin-valley-{number:02d}.jpg")


@transaction.atomic
def build_demo():
    decided_on = content.decision_day(timezone.localdate())
    dated = partial(content.dated, day=decided_on)
    images = [_image(n, alt) for n, (alt, _caption) in enumerate(content.SLIDES, start=1)]
    root = Page.get_first_root_node()
    # Wagtail's own "Welcome" page gives way to the campaign's home page.
    for page in root.get_children().exact_type(Page):
        page.delete()
    home = HomePage(title=content.SITE_NAME, slug="home", intro=dated(content.HOME_INTRO),
                    slideshow_label="Tamsin Valley camp in pictures", social_image=images[0])
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": content.SITE_NAME},
    )

    news_index = publish_child(home, NewsIndexPage(title="News", slug="news", show_in_menus=True,
                                              intro="What is happening in and around the camp."))
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
        body=[
            *[("paragraph", RichText(p)) for p in content.APPEAL_PARAGRAPHS],
            ("quote", {"quote": content.APPEAL_QUOTE[0], "attribution": content.APPEAL_QUOTE[1]}),
            ("video", {"title": content.VIDEO_TITLE, "url": content.VIDEO_URL, "file": None,
                       "poster": images[3], "caption": "Filmed by the camp committee."}),
            ("paragraph", RichText(content.APPEAL_CLOSING)),
            ("petition", {"petition": petition, "show_form": True}),
            ("news_link", {"label": "Read the latest news report", "page": report, "url": ""}),
        ],
    )
    publish_child(home, appeal)
    about = publish_child(home, StandardPage(title="About us", slug="about", show_in_menus=True,
                                        intro=content.ABOUT_INTRO,
                                        body=[("paragraph", RichText(content.ABOUT_BODY))]))
    privacy = publish_child(home, StandardPage(title="Privacy", slug="privacy",
                                          body=[("paragraph", RichText(content.PRIVACY_BODY))]))
    contact = publish_child(home, StandardPage(title="Contact", slug="contact",
                                          body=[("paragraph", RichText(content.CONTACT_BODY))]))
    petition.privacy_page = privacy  # linked beside the signing button
    petition.save_revision().publish()

    home.slides = [
        ("slide", {"image": image, "alt_text": alt, "caption": caption,
                   "link": link(petition) if n == 0 else link(appeal) if n == 7 else link()})
        for n, (image, (alt, caption)) in enumerate(zip(images, content.SLIDES, strict=True))
    ]
    home.featured_appeals = [("appeal", appeal)]
    home.save_revision().publish()

    cta = {"text": "Read the appeal", "link": link(appeal), "note": dated(content.CTA_NOTE)}
    sign = {"text": "Sign the petition", "link": link(petition), "note": "It takes a minute."}
    publish_module(title="Act now", position="sidebar", assignment=Assignment.EXCEPT,
                   pages=[(appeal, False), (petition, False)],
                   body=[("rich_text", RichText(dated(content.SIDEBAR_TEXT))), ("call_to_action", sign),
                         ("call_to_action", cta)])
    publish_module(title="Spread the word", position="offcanvas",
                   body=[("rich_text", RichText(dated(content.OFFCANVAS_TEXT))), ("call_to_action", cta)])
    publish_module(title="About this campaign", position="footer", show_title=False,
                   body=[("rich_text", RichText(content.FOOTER_TEXT)),
                         ("menu", {"links": [{"label": p.title, "page": p, "url": ""}
                                             for p in (about, privacy, contact)]})])
    publish_module(title="Stay informed", position="bottom", assignment=Assignment.ONLY,
                   pages=[(home, False), (appeal, False), (about, False)], show_title=False,
                   body=[("newsletter_signup", {"heading": "Stay informed", "intro": content.SIGNUP_INTRO,
                                                "notice": content.SIGNUP_NOTICE, "button_text": "Subscribe"})])
    return home
