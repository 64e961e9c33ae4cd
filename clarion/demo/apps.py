from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo campaign and its `load_demo` command: the project layer, free to use every app."""

    name = "clarion.demo"
    label = "demo"
    verbose_name = "Demo campaign"
