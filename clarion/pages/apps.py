from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "clarion.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self):
        from wagtail import signals

        from clarion.pages.tasks import make_renditions_when_published

        # Pages, and other publishable content with pictures (modules): their renditions are made on publishing.
        for signal in (signals.page_published, signals.published):
            signal.connect(make_renditions_when_published, dispatch_uid=f"clarion-renditions-{id(signal)}")
