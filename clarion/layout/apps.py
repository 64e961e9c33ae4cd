from django.apps import AppConfig


class LayoutConfig(AppConfig):
    name = "clarion.layout"
    label = "layout"
    verbose_name = "Layout"
