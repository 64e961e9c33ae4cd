"""An editor links a button, a menu, a slide or a news link to a page or an address; visitors get that link."""

import pytest
from bs4 import BeautifulSoup
from wagtail import blocks

from clarion.pages.blocks import CallToActionBlock, LinkBlock, MenuBlock, NewsLinkBlock, OptionalLinkBlock
from tests.factories import REPORT_URL, build_campaign_site, build_page_tree, make_image, slide
from tests.pages.streams import blocks_in_use

pytestmark = pytest.mark.django_db

ELSEWHERE = "https://partners.example.org/"


@pytest.fixture
def tree():
    return build_page_tree()


def link_value(block, **raw):
    return block.to_python({"page": None, "url": ""} | raw)


def test_a_link_to_a_chosen_page_goes_to_that_page(tree):
    value = link_value(LinkBlock(), label="About us", page=tree.section.pk)
    assert value.href() == tree.section.url
    assert not value.is_external()


def test_a_link_to_an_address_elsewhere_goes_there(tree):
    value = link_value(LinkBlock(), label="Partners", url=ELSEWHERE)
    assert value.href() == ELSEWHERE
    assert value.is_external()


def test_a_link_with_neither_goes_nowhere(tree):
    assert link_value(OptionalLinkBlock()).href() is None


def test_a_link_to_an_unpublished_page_goes_nowhere(tree):
    tree.section.unpublish()
    assert link_value(OptionalLinkBlock(), page=tree.section.pk).href() is None


def rendered(block, raw):
    return BeautifulSoup(block.render(block.to_python(raw)), "html.parser")


def test_call_to_action_to_a_page_is_a_button_to_that_page(tree):
    html = rendered(CallToActionBlock(), {"text": "Read more", "note": "", "link": {"page": tree.section.pk}})
    assert [a["href"] for a in html.find_all("a")] == [tree.section.url]


def test_call_to_action_without_a_destination_is_no_link_at_all(tree):
    html = rendered(CallToActionBlock(), {"text": "Read more", "note": "", "link": {"page": None, "url": ""}})
    assert html.find("a") is None


def test_menu_links_go_to_their_pages_and_addresses(tree):
    html = rendered(MenuBlock(), {"links": [{"label": "Section", "page": tree.section.pk, "url": ""},
                                            {"label": "Partners", "page": None, "url": ELSEWHERE}]})
    assert [(a.get_text(), a["href"]) for a in html.find_all("a")] == [
        ("Section", tree.section.url), ("Partners", ELSEWHERE)]


def test_news_link_goes_to_the_news_page_or_straight_to_a_report_elsewhere(db):
    site = build_campaign_site()
    for page, url, expected in ((site.news, "", site.news.url), (site.report, "", REPORT_URL),
                                (None, ELSEWHERE, ELSEWHERE)):
        html = rendered(NewsLinkBlock(), {"label": "News", "page": page and page.pk, "url": url})
        assert [a["href"] for a in html.find_all("a")] == [expected]


def test_a_slide_linked_to_a_page_links_its_picture(client, tree):
    home = tree.home
    home.slides = [slide(make_image(number=1), 1, target=tree.section), slide(make_image(number=2), 2)]
    home.save_revision().publish()
    html = BeautifulSoup(client.get(home.url).content, "html.parser")
    assert [a["href"] for a in html.select("a.carousel__link")] == [tree.section.url]


def _own_methods(value_class):
    """Methods a StructValue subclass adds (what templates might call)."""
    mro = value_class.__mro__
    return {name for klass in mro[:mro.index(blocks.StructValue)] for name, attr in vars(klass).items()
            if callable(attr)}


def test_no_block_value_has_a_method_its_own_field_would_hide():
    """A template looks up a field before a method of the same name, so such a method is never called."""
    structs = [block for _parent, _name, block in blocks_in_use() if isinstance(block, blocks.StructBlock)]
    hidden = {f"{type(block).__name__}.{name}" for block in structs
              for name in _own_methods(block.meta.value_class) & set(block.child_blocks)}
    assert hidden == set()
