from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "clarion.pages"
    label = "pages"
    verbose_name = "Pages"
