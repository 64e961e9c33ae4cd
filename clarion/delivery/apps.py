from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "clarion.delivery"
    label = "delivery"
    verbose_name = _("Delivery to the target")

    def ready(self):
        from django.db.models.signals import post_delete

        from clarion.delivery import privacy
        from clarion.delivery.figures import paper_figure
        from clarion.delivery.models import DeliveryPack
        from clarion.delivery.signals import remove_pack_files
        from clarion.petitions import display

        display.register_side_figure(paper_figure)
        privacy.register()
        post_delete.connect(remove_pack_files, sender=DeliveryPack, dispatch_uid="clarion-delivery-remove-files")
