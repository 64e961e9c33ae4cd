from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "clarion.core"
    label = "core"
