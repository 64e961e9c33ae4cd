"""The problem document (clarion.api.problems) as the OpenAPI document describes it, for every refusal."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from clarion.api.problems import CONTENT_TYPE


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    errors = serializers.ListField(child=serializers.DictField(), required=False)


def problem_responses(*codes):
    """{(status, media type): response} for extend_schema(responses=…)."""
    return {(code, CONTENT_TYPE): OpenApiResponse(ProblemSerializer, description="A problem document (RFC 9457).")
            for code in codes}
