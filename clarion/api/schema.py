"""What the OpenAPI document describes: Clarion's public API only, not Wagtail's internal admin API."""

PUBLIC_PREFIX = "/api/v1/"


def only_public_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook (SPECTACULAR_SETTINGS["PREPROCESSING_HOOKS"])."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PUBLIC_PREFIX)]
