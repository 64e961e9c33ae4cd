from django.apps import AppConfig


class LayoutConfig(AppConfig):
    name = "clarion.layout"
    label = "layout"
    verbose_name = "Layout"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from clarion.core.pagecache import forget_pages_on_commit
        from clarion.layout.models import Module, ModulePage

        # Publishing already forgets kept pages; a module dragged to another place in the order (saved, not
        # published) or an assignment removed changes every page too, and the modules kept with them.
        for model in (Module, ModulePage):
            for signal in (post_save, post_delete):
                signal.connect(forget_pages_on_commit, sender=model,
                               dispatch_uid=f"clarion-forget-pages-{model._meta.label}-{id(signal)}")
