from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "clarion.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail import signals
        from wagtail.images import get_image_model

        from clarion.pages.tasks import make_renditions_when_image_changes, make_renditions_when_published
        from clarion.petitions.models import PetitionSteps

        # Pages, and other publishable content with pictures (modules): their renditions are made on publishing.
        for signal in (signals.page_published, signals.published):
            signal.connect(make_renditions_when_published, dispatch_uid=f"clarion-renditions-{id(signal)}")
        post_save.connect(make_renditions_when_image_changes, sender=get_image_model(),
                          dispatch_uid="clarion-renditions-image-changed")
        # A petition's delivery photo shows on its public timeline as soon as the step is recorded.
        post_save.connect(make_renditions_when_published, sender=PetitionSteps,
                          dispatch_uid="clarion-renditions-delivery-photo")
