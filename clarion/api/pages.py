"""/api/v1/appeals/ and /api/v1/news/: the published appeal articles and news items (news pages and reports
published elsewhere), newest first, with their pictures in the sizes the site draws."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from clarion.api.images import ImageSerializer, image_renditions
from clarion.api.listing import CheckedList, PageQuery
from clarion.api.problem_schema import problem_responses
from clarion.pages.models import AppealPage, NewsItemPage


class PageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    first_published_at = serializers.DateTimeField(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)
    image = serializers.SerializerMethodField()

    def get_url(self, page) -> str:
        return page.get_full_url(self.context.get("request"))

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, page):
        return image_renditions(page.social_image, ["share", "hero"])


class AppealSerializer(PageSerializer):
    summary = serializers.CharField(source="lead")
    date = serializers.DateField()


class NewsSerializer(PageSerializer):
    summary = serializers.CharField()
    date = serializers.DateField()
    source = serializers.SerializerMethodField(help_text="Who published it, for a report published elsewhere.")

    def get_url(self, page) -> str:
        return page.specific.link_url if page.specific.is_external else super().get_url(page)

    def get_source(self, page) -> str | None:
        return getattr(page.specific, "source", None)


def _live(model):
    return (model.objects.live().public().select_related("social_image")
            .prefetch_related("social_image__renditions"))


@extend_schema(parameters=[PageQuery], responses={200: AppealSerializer(many=True), **problem_responses(400, 404)})
class AppealList(CheckedList):
    serializer_class = AppealSerializer

    def get_queryset(self):
        return _live(AppealPage).order_by("-date", "-pk")


@extend_schema(parameters=[PageQuery], responses={200: NewsSerializer(many=True), **problem_responses(400, 404)})
class NewsList(CheckedList):
    serializer_class = NewsSerializer

    def get_queryset(self):
        return _live(NewsItemPage).order_by("-date", "-pk").specific()
