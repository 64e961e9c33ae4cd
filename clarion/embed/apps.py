from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmbedConfig(AppConfig):
    name = "clarion.embed"
    label = "embed"
    verbose_name = _("Embedded petitions")
