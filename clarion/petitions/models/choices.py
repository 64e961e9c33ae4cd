from django.db import models
from django.utils.translation import gettext_lazy as _


class PetitionState(models.TextChoices):
    DRAFT = "draft", _("Draft (opens at the opening time, if set)")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    DELIVERED = "delivered", _("Delivered to the target")
    WON = "won", _("Won")


class PostalCodeMode(models.TextChoices):
    OFF = "off", _("Don't ask")
    OPTIONAL = "optional", _("Ask, optional")
    REQUIRED = "required", _("Ask, required")
