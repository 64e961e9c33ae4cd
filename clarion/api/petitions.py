"""/api/v1/petitions/: the published petitions, each with the figures its count document already shows
(clarion.petitions.display.count_document, read from the counting rounds' cache, never recounted here)."""

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.response import Response

from clarion.api.images import ImageSerializer, absolute, image_renditions
from clarion.api.listing import CheckedList, PageQuery
from clarion.api.problem_schema import problem_responses
from clarion.core.ids import parse_id
from clarion.delivery.figures import paper_total
from clarion.petitions.counting import read_counts
from clarion.petitions.display import count_document
from clarion.petitions.lookup import public_petition
from clarion.petitions.models import PetitionPage, PetitionState
from clarion.petitions.timeline import recorded_steps, timeline


def public_petitions():
    return PetitionPage.objects.live().public()


def counting_petitions():
    """One page per petition: the original (lowest id) of each group of translations."""
    return PetitionPage.originals(public_petitions())


def translations_of(petition):
    """Every live language version of the petition (the original first): its language, id and address."""
    pages = public_petitions().filter(translation_key=petition.translation_key).select_related("locale")
    return [{"language": page.locale.language_code, "id": page.pk, "url": page.get_full_url()}
            for page in pages.order_by("pk")]


def in_state(state, now):
    """The database's version of PetitionPage.public_state (tests hold the two together)."""
    unclosed = Q(state__in=[PetitionState.OPEN, PetitionState.DRAFT]) & (
        Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    started = Q(state=PetitionState.OPEN, opens_at__isnull=True) | Q(opens_at__lte=now)
    return {
        PetitionState.OPEN: unclosed & started,
        PetitionState.DRAFT: unclosed & ~started,
        PetitionState.CLOSED: Q(state=PetitionState.CLOSED) | (
            Q(state__in=[PetitionState.OPEN, PetitionState.DRAFT]) & Q(closes_at__lte=now)),
    }.get(state, Q(state=state))


class ListQuery(PageQuery):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200,
                              help_text="Words in the title or the target's name.")
    state = serializers.ChoiceField(choices=PetitionState.choices, required=False)


class CountSerializer(serializers.Serializer):
    """The live count, as the count document at /petitions/<id>/count.json gives it."""

    petition = serializers.IntegerField()
    title = serializers.CharField()
    signature_count = serializers.IntegerField(help_text="Verified signatures (confirmed by e-mail), counted.")
    count_shown = serializers.BooleanField(help_text="Whether the petition's page shows the number yet.")
    goal = serializers.IntegerField()
    state = serializers.ChoiceField(choices=PetitionState.choices)
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True)
    signatures_by_country = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Countries with at least the privacy minimum of signatures (Petition settings); others left out.")
    stage = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    thresholds_reached = serializers.ListField(child=serializers.DictField())
    delivered_at = serializers.DateTimeField(allow_null=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField(allow_null=True)
    outcome_at = serializers.DateTimeField(allow_null=True)


def petition_named(pk):
    """The published petition with this id (digits from the URL), or Http404 (a 404 problem)."""
    number = parse_id(pk)
    if number is None:
        raise Http404("No such petition")
    return public_petition(number)


def live_count(petition):
    # The count document's `updated_at` is the moment of asking: left out, so equal answers get equal ETags.
    document = count_document(petition)
    document.pop("updated_at", None)
    return document


class PetitionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    count = serializers.SerializerMethodField(help_text="Verified signatures, as the count document gives them.")
    goal = serializers.SerializerMethodField(help_text="The goal shown (raised once reached, if the petition says so).")
    count_url = serializers.SerializerMethodField()
    opens_at = serializers.DateTimeField(source="counting_petition.opens_at", allow_null=True, read_only=True)
    closes_at = serializers.DateTimeField(source="counting_petition.closes_at", allow_null=True, read_only=True)
    language = serializers.SerializerMethodField(help_text="The language of this page's texts.")
    translations = serializers.SerializerMethodField(
        help_text="The petition in every language it is published in; all of them share one count.")

    class Meta:
        model = PetitionPage
        fields = ["id", "title", "url", "target", "demand", "state", "goal", "count", "opens_at", "closes_at",
                  "count_url", "language", "translations"]

    def _count(self, petition):
        return read_counts(petition.counting_id)["total"]

    def get_language(self, petition) -> str:
        return petition.language

    @extend_schema_field({"type": "array", "items": {"type": "object", "properties": {
        "language": {"type": "string"}, "id": {"type": "integer"}, "url": {"type": "string"}},
        "required": ["language", "id", "url"]}})
    def get_translations(self, petition):
        return translations_of(petition)

    def get_url(self, petition) -> str:
        return petition.get_full_url(self.context.get("request"))

    def get_count_url(self, petition) -> str:
        return absolute(reverse("api:petition-count", args=[petition.pk]))

    @extend_schema_field({"type": "object", "properties": {"name": {"type": "string"}, "title": {"type": "string"}},
                          "required": ["name", "title"]})
    def get_target(self, petition):
        return {"name": petition.target_name, "title": petition.target_title}

    @extend_schema_field(serializers.ChoiceField(choices=PetitionState.choices))
    def get_state(self, petition):
        return str(petition.public_state())

    def get_count(self, petition) -> int:
        return self._count(petition)

    def get_goal(self, petition) -> int:
        return petition.effective_goal(self._count(petition))


PETITION_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The petition's id.")


class ThresholdSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    message = serializers.CharField()
    reached_at = serializers.DateTimeField(allow_null=True)


class StepSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["opened", "threshold", "closed", "delivered", "responded", "outcome"])
    at = serializers.DateTimeField(allow_null=True)
    details = serializers.DictField()


def _step_details(step):
    """What the petition's page shows of a step; the delivery photo and response document as addresses."""
    details = dict(step.details)
    if "photo" in details:
        details["photo"] = image_renditions(details["photo"], ["timeline_photo"])
    if "document" in details:
        document = details["document"]
        details["document"] = {"title": document.title, "url": absolute(document.url)} if document else None
    return details


class PetitionDetailSerializer(PetitionSerializer):
    background = serializers.CharField(help_text="HTML, as the petition's page shows it.")
    signatures_by_country = serializers.SerializerMethodField()
    paper_signatures = serializers.SerializerMethodField(help_text="Signed on paper: shown apart, never added.")
    thresholds = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()

    class Meta(PetitionSerializer.Meta):
        fields = [*PetitionSerializer.Meta.fields, "background", "signatures_by_country", "paper_signatures",
                  "thresholds", "timeline", "image"]

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_signatures_by_country(self, petition):
        return read_counts(petition.counting_id)["by_country"]  # already without countries under the privacy minimum

    def get_paper_signatures(self, petition) -> int:
        return paper_total(petition.counting_petition)

    @extend_schema_field(ThresholdSerializer(many=True))
    def get_thresholds(self, petition):
        reached = {step.details["count"]: step.at for step in self._timeline(petition) if step.kind == "threshold"}
        return [{"count": t.count, "message": t.message, "reached_at": reached.get(t.count)}
                for t in sorted(petition.counting_petition.thresholds.all(), key=lambda t: t.count)]

    @extend_schema_field(StepSerializer(many=True))
    def get_timeline(self, petition):
        return [{"kind": step.kind, "at": step.at, "details": _step_details(step)}
                for step in self._timeline(petition)]

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, petition):
        return image_renditions(petition.social_image, ["share", "hero"])

    def _timeline(self, petition):
        if not hasattr(self, "_steps"):
            counting = petition.counting_petition
            self._steps = timeline(counting, recorded_steps(counting))
        return self._steps


@extend_schema(parameters=[ListQuery], responses={200: PetitionSerializer(many=True), **problem_responses(400, 404)})
class PetitionList(CheckedList):
    """Published petitions, newest first; `q` searches titles and targets, `state` keeps one state."""

    serializer_class = PetitionSerializer
    query_serializer = ListQuery

    def get_queryset(self):
        petitions = counting_petitions().select_related("social_image").order_by("-first_published_at", "-pk")
        if words := self.query.get("q", "").strip():
            # A petition is found by the words of any of its translations.
            found = public_petitions().filter(Q(title__icontains=words) | Q(target_name__icontains=words))
            petitions = petitions.filter(translation_key__in=found.values("translation_key"))
        if state := self.query.get("state"):
            petitions = petitions.filter(in_state(state, timezone.now()))
        return petitions


class PetitionDetail(generics.RetrieveAPIView):
    serializer_class = PetitionDetailSerializer

    def get_object(self):
        return petition_named(self.kwargs["pk"])

    @extend_schema(parameters=[PETITION_ID], responses={200: PetitionDetailSerializer, **problem_responses(404)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PetitionCount(generics.GenericAPIView):
    serializer_class = CountSerializer

    @extend_schema(parameters=[PETITION_ID], responses={200: CountSerializer, **problem_responses(404)})
    def get(self, request, pk):
        return Response(live_count(petition_named(pk)))
