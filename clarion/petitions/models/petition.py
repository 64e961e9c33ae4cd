from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from clarion.core.locales import language_of
from clarion.core.pagecache import KeptWithPages
from clarion.core.pages import ClarionPage
from clarion.petitions import display
from clarion.petitions.models.choices import PetitionState, PostalCodeMode


class PetitionPage(ClarionPage):
    image_renditions = ClarionPage.hero_image_renditions
    target_name = models.CharField(_("target's name"), max_length=200)
    target_title = models.CharField(_("target's title"), max_length=200, blank=True,
                                    help_text=_("For example “Minister of the Interior”."))
    target_email = models.EmailField(_("target's e-mail"), blank=True,
                                     help_text=_("Optional; used later to deliver the petition."))
    demand = models.CharField(_("demand"), max_length=120, help_text=_("One sentence, at most 120 characters."))
    background = RichTextField(_("background"), blank=True)
    goal = models.PositiveIntegerField(_("goal"), default=1000)
    show_count_from = models.PositiveIntegerField(
        _("show the number of signatures from"), default=1,
        help_text=_("Below this many, the page invites people to be among the first instead of showing a small "
                    "number. Zero is never shown as a number."))
    raise_goal = models.BooleanField(_("raise the goal when it is reached"), default=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=PetitionState.choices, default=PetitionState.OPEN)
    postal_code = models.CharField(_("postal code"), max_length=10, choices=PostalCodeMode.choices,
                                   default=PostalCodeMode.OPTIONAL)
    ask_comment = models.BooleanField(_("ask “why I’m signing”"), default=True,
                                      help_text=_("Comments are shown only after moderation."))
    consent_text = models.CharField(
        _("opt-in text"), max_length=300,
        default=_("Yes, keep me informed about this campaign and related appeals by e-mail."),
        help_text=_("Shown beside the unticked opt-in box; the exact text is stored with each answer."),
    )
    ask_name_to_target = models.BooleanField(
        _("ask whether to give the name to the target"), default=False,
        help_text=_("Adds an unticked box; only signers who tick it are listed by name in the delivery pack."))
    name_to_target_text = models.CharField(
        _("name-to-target text"), max_length=300,
        default=_("Yes, give my name to the target of this petition when it is delivered."),
        help_text=_("Shown beside the unticked box; the exact text is stored with each answer."))
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("privacy page"), help_text=_("Linked beside the signing button."))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldRowPanel([FieldPanel("target_name"), FieldPanel("target_title")]),
                         FieldPanel("target_email")], heading=_("Target")),
        FieldPanel("demand"),
        FieldPanel("background"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("goal"), FieldPanel("raise_goal")]),
                         FieldPanel("show_count_from"),
                         InlinePanel("thresholds", label=_("Threshold"))], heading=_("Goal")),
        MultiFieldPanel([FieldPanel("state"), FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
                        heading=_("Schedule")),
        MultiFieldPanel([FieldPanel("postal_code"), FieldPanel("ask_comment"), FieldPanel("consent_text"),
                         FieldRowPanel([FieldPanel("ask_name_to_target"), FieldPanel("name_to_target_text")]),
                         FieldPanel("privacy_page")],
                        heading=_("Signing form")),
        InlinePanel("partners", label=_("Partner site"), heading=_("Partner sites (embedded petition)"),
                    help_text=_("Organisations whose sites may show this petition's form and send signatures.")),
    ]
    search_fields = Page.search_fields + [index.SearchField("demand"), index.SearchField("target_name")]
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("petition")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The petition must close after it opens.")})

    @cached_property
    def counting_petition(self):
        """The petition whose signatures and count this page shows: the original (lowest id) of its translations.
        A translation is the same petition in another language: its settings and count are the original's.
        Which page is the original is kept while rendered pages are (a deletion forgets it)."""
        original = _originals.get(self.translation_key, lambda: _original_id(self.translation_key))
        if original is None or original == self.pk or (self.pk is not None and original > self.pk):
            return self
        return PetitionPage.objects.filter(pk=original).first() or _earlier(self)

    @property
    def counting_id(self):
        return self.counting_petition.pk

    @property
    def language(self):
        """The language this page is written in."""
        return language_of(self.locale_id) if self.locale_id else ""

    def in_language(self, code):
        """This petition's live translation in the language `code`, else this page."""
        if not code or code == self.language:
            return self
        found = (PetitionPage.objects.live().filter(translation_key=self.translation_key,
                                                    locale__language_code=code).first())
        return found or self

    def accepts_signatures(self, now=None):
        """Open, and inside its opening window. The dates decide at the moment of asking: nothing writes `state` on
        schedule, so it keeps the editor's choice and a published draft cannot undo what the dates did."""
        if self.counting_petition is not self:
            return self.counting_petition.accepts_signatures(now)
        now = now or timezone.now()
        if self.closes_at and now >= self.closes_at:
            return False
        if self.state == PetitionState.OPEN:
            return not (self.opens_at and now < self.opens_at)
        return self.state == PetitionState.DRAFT and bool(self.opens_at) and now >= self.opens_at

    @classmethod
    def originals(cls, pages=None):
        """`pages` (all petitions by default) less translations: one page per petition, the one that counts."""
        earlier = cls.objects.filter(translation_key=models.OuterRef("translation_key"), pk__lt=models.OuterRef("pk"))
        return (cls.objects.all() if pages is None else pages).filter(~models.Exists(earlier))

    @classmethod
    def still_open(cls, now=None):
        """Petitions that may take signatures now or later: neither closed by an editor nor by their dates."""
        not_closed = models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now or timezone.now())
        return cls.objects.filter(not_closed, state__in=[PetitionState.OPEN, PetitionState.DRAFT])

    def public_state(self, now=None):
        if self.counting_petition is not self:
            return self.counting_petition.public_state(now)
        now = now or timezone.now()
        if self.state in (PetitionState.OPEN, PetitionState.DRAFT):
            if self.closes_at and now >= self.closes_at:
                return PetitionState.CLOSED
            return PetitionState.OPEN if self.accepts_signatures(now) else PetitionState.DRAFT
        return self.state

    def effective_goal(self, count):
        """The goal shown: when reached and raising is on, the next step up (×1.5, rounded)."""
        if self.counting_petition is not self:
            return self.counting_petition.effective_goal(count)
        goal = max(self.goal, 1)
        while self.raise_goal and count >= goal:
            goal = _round_up(goal * 3 // 2)
        return goal

    def shows_count(self, count):
        """Whether the page shows the number: never zero ("Be the first to sign"), nor below the editor's threshold."""
        return count > 0 and count >= self.counting_petition.show_count_from

    def get_sign_url(self):
        return reverse("petitions:sign", args=[self.pk])

    def get_count_url(self):
        return reverse("petitions:count", args=[self.pk])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(display.petition_context(self))
        return context


def _round_up(value):
    """Round up to two significant figures, so raised goals look like goals people set (1,500; 23,000)."""
    magnitude = 10 ** max(len(str(value)) - 2, 0)
    return -(-value // magnitude) * magnitude


class PetitionThreshold(Orderable):
    petition = ParentalKey(PetitionPage, on_delete=models.CASCADE, related_name="thresholds")
    count = models.PositiveIntegerField(_("at this many signatures"))
    message = models.CharField(_("show this message"), max_length=300)

    panels = [FieldPanel("count"), FieldPanel("message")]

    class Meta(Orderable.Meta):
        verbose_name = _("threshold")


_originals = KeptWithPages("clarion.petitions.models.petition.originals")


def _original_id(translation_key):
    return (PetitionPage.objects.filter(translation_key=translation_key).order_by("pk")
            .values_list("pk", flat=True).first())


def _earlier(petition):
    """The original found afresh (the one kept was deleted a moment ago)."""
    earlier = PetitionPage.objects.filter(translation_key=petition.translation_key, pk__lt=petition.pk)
    return earlier.order_by("pk").first() or petition
