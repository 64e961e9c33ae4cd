"""StreamField blocks shared by pages and modules."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from clarion.core.prefetch import PooledDocumentChooserBlock, PooledImageChooserBlock, PooledPageChooserBlock
from clarion.pages import video
from clarion.petitions.blocks import PetitionBlock
from clarion.supporters.blocks import SignupBlock


def _require_one(value, first, second, message):
    if bool(value.get(first)) == bool(value.get(second)):
        raise StructBlockValidationError(
            block_errors={first: ErrorList([ValidationError(message)])}
        )


class LinkStructValue(blocks.StructValue):
    # Named `href`, not `url`: templates look up the `url` field before any method of that name.
    def href(self):
        """Where the link goes: the chosen page while it is live (a report's own source), else the address."""
        page = self.get("page")
        if page is not None:
            page = page.specific
            return getattr(page, "link_url", page.url) if page.live else None
        return self.get("url") or None

    def is_external(self):
        return not self.get("page") and bool(self.get("url"))


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=120, label=_("Label"))
    page = PooledPageChooserBlock(required=False, label=_("Page on this site"))
    url = blocks.URLBlock(required=False, label=_("…or an address elsewhere"))

    def clean(self, value):
        value = super().clean(value)
        _require_one(value, "page", "url", _("Choose a page or give an address, not both."))
        return value

    class Meta:
        icon = "link"
        value_class = LinkStructValue
        label = _("Link")


class OptionalLinkBlock(blocks.StructBlock):
    page = PooledPageChooserBlock(required=False, label=_("Link to a page"))
    url = blocks.URLBlock(required=False, label=_("…or an address elsewhere"))

    def clean(self, value):
        value = super().clean(value)
        if value.get("page") and value.get("url"):
            _require_one(value, "page", "url", _("Choose a page or give an address, not both."))
        return value

    class Meta:
        value_class = LinkStructValue
        label = _("Link (optional)")


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Sub-section"))], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, max_length=200, label=_("Who said it"))

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Quote")


class CaptionedImageBlock(blocks.StructBlock):
    image = PooledImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        required=False, max_length=250, label=_("Alt text"),
        help_text=_("Describe the image for people who cannot see it; leave empty if purely decorative."),
    )
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))
    credit = blocks.CharBlock(required=False, max_length=120, label=_("Credit"))

    image_renditions = {"image": ("figure",)}

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Image")


class SlideBlock(blocks.StructBlock):
    image = PooledImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(max_length=250, label=_("Alt text"))
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))
    link = OptionalLinkBlock()

    image_renditions = {"image": ("slide",)}

    class Meta:
        icon = "image"
        label = _("Slide")


class SlideshowBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        max_length=80, default=_("Highlights"), label=_("Name read out by screen readers")
    )
    slides = blocks.ListBlock(SlideBlock(), label=_("Slides"))

    class Meta:
        icon = "image"
        template = "blocks/slideshow.html"
        label = _("Slideshow")


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, label=_("Title"))
    url = blocks.URLBlock(required=False, label=_("YouTube or Vimeo address"))
    file = PooledDocumentChooserBlock(required=False, label=_("…or an uploaded video file"))
    poster = PooledImageChooserBlock(required=False, label=_("Poster image"))
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))

    image_renditions = {"poster": ("video_poster", "video_still")}

    def clean(self, value):
        value = super().clean(value)
        _require_one(value, "url", "file", _("Give a YouTube or Vimeo address or choose a file, not both."))
        if value.get("url") and video.parse_video_url(value["url"]) is None:
            raise StructBlockValidationError(
                block_errors={"url": ErrorList([ValidationError(
                    _("This is not a YouTube or Vimeo video address.")
                )])}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        parsed = video.parse_video_url(value.get("url"))
        if parsed:
            context["embed_url"] = video.embed_url(*parsed)
            context["watch_url"] = video.watch_url(*parsed)
            context["provider"] = {"youtube": "YouTube", "vimeo": "Vimeo"}[parsed[0]]
        return context

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        label = _("Video")


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=80, label=_("Button text"))
    link = OptionalLinkBlock()
    note = blocks.CharBlock(required=False, max_length=200, label=_("Line below the button"))

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action.html"
        label = _("Call to action")


class NewsLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        max_length=120, default=_("Read the latest news report"), label=_("Link text")
    )
    page = PooledPageChooserBlock(
        required=False, page_type=["pages.NewsPage", "pages.ExternalReportPage"],
        label=_("News item or external report"),
    )
    url = blocks.URLBlock(required=False, label=_("…or an address elsewhere"))

    def clean(self, value):
        value = super().clean(value)
        _require_one(value, "page", "url", _("Choose a news item or give an address, not both."))
        return value

    class Meta:
        icon = "doc-full"
        template = "blocks/news_link.html"
        value_class = LinkStructValue
        label = _("News link")


class MenuBlock(blocks.StructBlock):
    links = blocks.ListBlock(LinkBlock(), label=_("Links"))

    class Meta:
        icon = "list-ul"
        template = "blocks/menu.html"
        label = _("Menu")


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
    call_to_action = CallToActionBlock()
    news_link = NewsLinkBlock()
    slideshow = SlideshowBlock()
    petition = PetitionBlock()
    newsletter_signup = SignupBlock()


class ModuleBodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    menu = MenuBlock()
    slideshow = SlideshowBlock()
    image = CaptionedImageBlock()
    call_to_action = CallToActionBlock()
    petition = PetitionBlock()
    newsletter_signup = SignupBlock()
