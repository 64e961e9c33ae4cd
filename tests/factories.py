"""Small builders for test content: tiny images, a page tree and a campaign site (lighter than the demo)."""

import io
from types import SimpleNamespace

from PIL import Image as PILImage
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from clarion.demo.bodies import link
from clarion.demo.build import publish_child, save_image
from clarion.pages.models import (
    AppealPage,
    ExternalReportPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)

VIDEO_URL = "https://www.youtube.com/watch?v=Cl4r10nDemo"
REPORT_URL = "https://news.example.org/tamsin-valley-report"


def jpeg_bytes(width=320, height=180, colour=(180, 60, 40)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def make_image(title="Camp at dawn", number=0):
    colour = (number * 37 % 256, number * 91 % 256, 120)
    return save_image(title, jpeg_bytes(colour=colour), f"test-{number:02d}.jpg")


publish = publish_child


def slide(image, number, target=None):
    return ("slide", {"image": image, "alt_text": f"Slide {number}", "caption": f"Caption {number}",
                      "link": link(target)})


def make_home(title="Tamsin Valley Appeal"):
    """A home page at the root of the default site (Wagtail's welcome page removed)."""
    root = Page.get_first_root_node()
    for page in root.get_children().exact_type(Page):
        page.delete()
    home = HomePage(title=title, slug="home", intro="Four thousand people need your voice.")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home, "site_name": title},
    )
    return home


def build_page_tree():
    """home › section › child › grandchild, and home › sibling."""
    home = make_home()
    section = publish(home, StandardPage(title="Section", slug="section"))
    child = publish(section, StandardPage(title="Child", slug="child"))
    grandchild = publish(child, StandardPage(title="Grandchild", slug="grandchild"))
    sibling = publish(home, StandardPage(title="Sibling", slug="sibling"))
    return SimpleNamespace(home=home, section=section, child=child, grandchild=grandchild, sibling=sibling)


def build_campaign_site(slide_count=3):
    """A site with every page type: home with slides, an appeal with a video, news and a report."""
    home = make_home()
    images = [make_image(f"Image {n}", n) for n in range(max(slide_count, 2))]
    news_index = publish(home, NewsIndexPage(title="News", slug="news", show_in_menus=True,
                                             intro="What is happening in the camp."))
    report = publish(news_index, ExternalReportPage(
        title="Inside Tamsin Valley", slug="inside-tamsin-valley", source="The Example Times",
        external_url=REPORT_URL, summary="A newspaper visits the camp.",
    ))
    news = publish(news_index, NewsPage(
        title="Letters delivered", slug="letters-delivered", summary="2,000 letters handed over.",
        body=[("paragraph", RichText("<p>The committee walked to the office.</p>"))],
    ))
    appeal = publish(home, AppealPage(
        title="Stop the forced return", slug="stop-the-forced-return", show_in_menus=True,
        lead="Director Vale decides on 12 December.", social_image=images[0],
        body=[
            ("paragraph", RichText("<p>Dear Friend,</p>")),
            ("video", {"title": "Voices from the camp", "url": VIDEO_URL, "file": None,
                       "poster": images[1], "caption": "Filmed by the camp committee."}),
            ("news_link", {"label": "Read the latest news report", "page": report, "url": ""}),
        ],
    ))
    about = publish(home, StandardPage(
        title="About us", slug="about", show_in_menus=True, intro="Who we are.",
        body=[("paragraph", RichText("<p>We are volunteers.</p>"))],
    ))
    home.slides = [slide(images[n], n + 1, appeal if n == 0 else None) for n in range(slide_count)]
    home.featured_appeals = [("appeal", appeal)]
    home.social_image = images[0]
    home.save_revision().publish()
    return SimpleNamespace(home=home, appeal=appeal, about=about, news_index=news_index, news=news,
                           report=report, images=images)
